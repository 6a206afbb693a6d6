namespace Cortex.Slo;

/// <summary>How the anomaly baseline is estimated.</summary>
public enum AnomalyMethod
{
    /// <summary>Median and median absolute deviation of the recent points: robust to the outliers it looks for.</summary>
    MedianAbsoluteDeviation,

    /// <summary>Exponentially weighted moving average and variance: follows slow drifts.</summary>
    Ewma,
}
