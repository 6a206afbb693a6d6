namespace Cortex.LoadTesting.Results;

/// <summary>What one step did during one <see cref="TimelinePoint"/>: its requests, failures and latency (corrected, in milliseconds).</summary>
public sealed record StepInterval
{
    /// <summary>Gets the scenario the step belongs to.</summary>
    public required string Scenario { get; init; }

    /// <summary>Gets the step's name.</summary>
    public required string Step { get; init; }

    /// <summary>Gets the step's executions that finished in the interval.</summary>
    public long Requests { get; init; }

    /// <summary>Gets the failed executions among them.</summary>
    public long Errors { get; init; }

    /// <summary>Gets the median latency, in milliseconds.</summary>
    public double P50 { get; init; }

    /// <summary>Gets the 95th percentile latency, in milliseconds.</summary>
    public double P95 { get; init; }

    /// <summary>Gets the 99th percentile latency, in milliseconds.</summary>
    public double P99 { get; init; }
}
