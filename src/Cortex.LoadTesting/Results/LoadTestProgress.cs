namespace Cortex.LoadTesting.Results;

/// <summary>A live view of a running test, raised every <see cref="LoadTestOptions.ReportingInterval"/>.</summary>
public sealed record LoadTestProgress
{
    /// <summary>Gets the interval that just ended.</summary>
    public required TimelinePoint Latest { get; init; }

    /// <summary>Gets the time since the start.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Gets the planned length of the run (without graceful stop).</summary>
    public TimeSpan PlannedDuration { get; init; }

    /// <summary>Gets all requests so far.</summary>
    public long Requests { get; init; }

    /// <summary>Gets the failed requests so far.</summary>
    public long Errors { get; init; }

    /// <summary>Gets the iterations started so far.</summary>
    public long IterationsStarted { get; init; }

    /// <summary>Gets the arrivals dropped so far.</summary>
    public long IterationsDropped { get; init; }

    /// <summary>Gets the 95th percentile latency (corrected) of all requests so far, in milliseconds.</summary>
    public double P95 { get; init; }

    /// <summary>Gets every threshold as judged so far.</summary>
    public IReadOnlyList<ThresholdResult> Thresholds { get; init; } = [];
}
