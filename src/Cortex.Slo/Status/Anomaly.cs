namespace Cortex.Slo.Status;

/// <summary>A figure that left its usual band for several consecutive minutes.</summary>
public sealed record Anomaly
{
    /// <summary>Gets the series (<c>requests</c>, <c>qdrant</c>, <c>zai</c>).</summary>
    public required string Series { get; init; }

    /// <summary>Gets the figure: <c>latency_p95</c> (milliseconds) or <c>error_rate</c> (fraction).</summary>
    public required string Metric { get; init; }

    /// <summary>Gets when it was flagged.</summary>
    public DateTimeOffset DetectedAt { get; init; }

    /// <summary>Gets the value that completed the breach.</summary>
    public double Value { get; init; }

    /// <summary>Gets the baseline (median or moving average) it is compared with.</summary>
    public double Baseline { get; init; }

    /// <summary>Gets how many robust standard deviations it is from the baseline.</summary>
    public double Score { get; init; }

    /// <summary>Gets the method that flagged it, with <c>seasonal</c> when the baseline came from the same time on earlier days.</summary>
    public required string Method { get; init; }
}
