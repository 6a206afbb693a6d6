namespace Cortex.Abstractions.Slo;

/// <summary>
/// What was measured over a period: latency percentiles, errors and throughput. Produced by the load-testing engine
/// and by the SLO monitor alike, and checked against <see cref="SloTargets"/>.
/// </summary>
public sealed record LatencySummary
{
    /// <summary>Gets the number of measured operations, failed ones included.</summary>
    public required long Count { get; init; }

    /// <summary>Gets the number of failed operations.</summary>
    public required long ErrorCount { get; init; }

    /// <summary>Gets the length of the period the operations were measured over.</summary>
    public required TimeSpan Period { get; init; }

    /// <summary>Gets the mean latency.</summary>
    public TimeSpan Mean { get; init; }

    /// <summary>Gets the median latency.</summary>
    public TimeSpan P50 { get; init; }

    /// <summary>Gets the 90th percentile latency.</summary>
    public TimeSpan P90 { get; init; }

    /// <summary>Gets the 95th percentile latency.</summary>
    public TimeSpan P95 { get; init; }

    /// <summary>Gets the 99th percentile latency.</summary>
    public TimeSpan P99 { get; init; }

    /// <summary>Gets the highest latency.</summary>
    public TimeSpan Max { get; init; }

    /// <summary>Gets the fraction of operations that failed, from 0 to 1 (0 when nothing was measured).</summary>
    public double ErrorRate => Count == 0 ? 0 : (double)ErrorCount / Count;

    /// <summary>Gets the fraction of operations that succeeded, from 0 to 1 (1 when nothing was measured).</summary>
    public double Availability => 1 - ErrorRate;

    /// <summary>Gets the operations per second over <see cref="Period"/> (0 for an empty period).</summary>
    public double Throughput => Period <= TimeSpan.Zero ? 0 : Count / Period.TotalSeconds;
}
