namespace Cortex.Slo.Evaluation;

/// <summary>STUB (to be implemented): robust anomaly detection on per-minute points, one state per (series, metric).</summary>
internal sealed class AnomalyDetector(AnomalyOptions options)
{
    public AnomalyOptions Options { get; } = options;

    /// <summary>Feeds one per-minute point; returns an anomaly when it completes the configured run of consecutive breaching points (once per episode).</summary>
    public Anomaly? Observe(string series, string metric, DateTimeOffset at, double value) => throw new NotImplementedException();
}
