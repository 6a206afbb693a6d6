namespace Cortex.Slo.Status;

/// <summary>One SLO compiled from <see cref="SloOptions"/>: what is measured, on which series, and against what.</summary>
public sealed record SloDefinition
{
    /// <summary>Gets the SLO's name, for example <c>availability</c>, <c>latency-p95</c>, <c>qdrant-latency-p95</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets what the SLO measures.</summary>
    public SloKind Kind { get; init; }

    /// <summary>Gets a one-line description, for example <c>95% of requests within 2000 ms</c>.</summary>
    public required string Description { get; init; }

    /// <summary>Gets the series the SLO reads: <c>requests</c>, <c>qdrant</c>, <c>zai</c> or <c>process</c>.</summary>
    public required string Series { get; init; }

    /// <summary>Gets the target in the SLO's unit: milliseconds for latency, a fraction for rates, per second for throughput.</summary>
    public double Target { get; init; }

    /// <summary>Gets a value indicating whether a higher observed value is better (availability, throughput, hit rates).</summary>
    public bool HigherIsBetter { get; init; }

    /// <summary>Gets the fraction of good events the SLO promises, when it has an error budget (availability and latency SLOs); otherwise <see langword="null"/>.</summary>
    public double? Objective { get; init; }

    /// <summary>Gets the latency a good request stays within, for latency SLOs.</summary>
    public TimeSpan? LatencyThreshold { get; init; }

    /// <summary>Gets the target that makes the SLO critical rather than warning (error rate, resources), when there is one.</summary>
    public double? CriticalTarget { get; init; }

    /// <summary>Gets a value indicating whether the SLO has an error budget and burn-rate alerts.</summary>
    public bool HasErrorBudget => Objective.HasValue;
}
