namespace Cortex.LoadTesting.Analysis;

/// <summary>What the system did while a ramping model held (or passed through) one load level.</summary>
public sealed record LoadLevel
{
    /// <summary>Gets the level's target load: virtual users or iterations per second.</summary>
    public double TargetLoad { get; init; }

    /// <summary>Gets how long the run spent at the level.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets the requests that finished at the level.</summary>
    public long Requests { get; init; }

    /// <summary>Gets the achieved requests per second.</summary>
    public double Throughput { get; init; }

    /// <summary>Gets the achieved iteration starts per second.</summary>
    public double IterationRate { get; init; }

    /// <summary>Gets the fraction of failed requests.</summary>
    public double ErrorRate { get; init; }

    /// <summary>Gets the 95th percentile latency (corrected), in milliseconds.</summary>
    public double P95 { get; init; }

    /// <summary>Gets the 99th percentile latency (corrected), in milliseconds.</summary>
    public double P99 { get; init; }

    /// <summary>Gets the arrivals dropped at the level.</summary>
    public long Dropped { get; init; }

    /// <summary>Gets a value indicating whether every run-wide threshold held at this level and the load was delivered.</summary>
    public bool Passed { get; init; }

    /// <summary>Gets why the level did not pass: the thresholds that broke (with observed values), or dropped arrivals.</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];
}
