namespace Cortex.LoadTesting.Endurance;

/// <summary>How the 95th percentile latency moved between the first and the last third of the run after the warm-up.</summary>
public sealed record LatencyDrift
{
    /// <summary>Gets the p95 latency (corrected) of the first third, in milliseconds.</summary>
    public double EarlyP95 { get; init; }

    /// <summary>Gets the p95 latency (corrected) of the last third, in milliseconds.</summary>
    public double LateP95 { get; init; }

    /// <summary>Gets the change from early to late as a fraction: 0.5 is 50 % slower at the end.</summary>
    public double Change { get; init; }
}
