namespace Cortex.Abstractions.Slo;

/// <summary>
/// The service level objectives a run or a service is held to. Every target is optional; a target that is not set is
/// not checked. Rates are fractions (0.01 is 1%) as in OpenTelemetry and Prometheus; configuration formats that speak
/// percent, such as the load-test JSON, convert when they bind.
/// </summary>
public sealed record SloTargets
{
    /// <summary>Gets the highest acceptable median latency.</summary>
    public TimeSpan? MaxResponseTimeP50 { get; init; }

    /// <summary>Gets the highest acceptable 90th percentile latency.</summary>
    public TimeSpan? MaxResponseTimeP90 { get; init; }

    /// <summary>Gets the highest acceptable 95th percentile latency.</summary>
    public TimeSpan? MaxResponseTimeP95 { get; init; }

    /// <summary>Gets the highest acceptable 99th percentile latency.</summary>
    public TimeSpan? MaxResponseTimeP99 { get; init; }

    /// <summary>Gets the highest acceptable fraction of failed operations, from 0 to 1.</summary>
    public double? MaxErrorRate { get; init; }

    /// <summary>Gets the lowest acceptable throughput, in operations per second.</summary>
    public double? MinThroughput { get; init; }

    /// <summary>Gets the lowest acceptable fraction of successful operations, from 0 to 1 (0.999 is "three nines").</summary>
    public double? MinAvailability { get; init; }

    /// <summary>Checks every target that is set against a measurement.</summary>
    /// <param name="summary">What was measured.</param>
    /// <returns>One check per target that is set, in the order of <see cref="SloMetric"/>.</returns>
    public IReadOnlyList<SloCheck> Evaluate(LatencySummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var checks = new List<SloCheck>(7);
        AddAtMost(checks, SloMetric.ResponseTimeP50, summary.P50.TotalMilliseconds, MaxResponseTimeP50?.TotalMilliseconds);
        AddAtMost(checks, SloMetric.ResponseTimeP90, summary.P90.TotalMilliseconds, MaxResponseTimeP90?.TotalMilliseconds);
        AddAtMost(checks, SloMetric.ResponseTimeP95, summary.P95.TotalMilliseconds, MaxResponseTimeP95?.TotalMilliseconds);
        AddAtMost(checks, SloMetric.ResponseTimeP99, summary.P99.TotalMilliseconds, MaxResponseTimeP99?.TotalMilliseconds);
        AddAtMost(checks, SloMetric.ErrorRate, summary.ErrorRate, MaxErrorRate);
        AddAtLeast(checks, SloMetric.Throughput, summary.Throughput, MinThroughput);
        AddAtLeast(checks, SloMetric.Availability, summary.Availability, MinAvailability);
        return checks;
    }

    private static void AddAtMost(List<SloCheck> checks, SloMetric metric, double observed, double? target)
    {
        if (target is { } t)
        {
            checks.Add(new SloCheck(metric, observed, t, observed <= t));
        }
    }

    private static void AddAtLeast(List<SloCheck> checks, SloMetric metric, double observed, double? target)
    {
        if (target is { } t)
        {
            checks.Add(new SloCheck(metric, observed, t, observed >= t));
        }
    }
}
