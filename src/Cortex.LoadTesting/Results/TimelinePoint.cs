namespace Cortex.LoadTesting.Results;

/// <summary>What happened during one <see cref="LoadTestOptions.ReportingInterval"/> of a run.</summary>
public sealed record TimelinePoint
{
    /// <summary>Gets the zero-based interval number.</summary>
    public int Index { get; init; }

    /// <summary>Gets the time from the start of the run to the end of the interval.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Gets the interval's length (the last one may be shorter).</summary>
    public TimeSpan Interval { get; init; }

    /// <summary>Gets the load the model aimed at by the end of the interval: virtual users in closed models, iterations per second in open ones.</summary>
    public double TargetLoad { get; init; }

    /// <summary>Gets the virtual users busy or running at the end of the interval.</summary>
    public int ActiveUsers { get; init; }

    /// <summary>Gets the iterations started in the interval.</summary>
    public long IterationsStarted { get; init; }

    /// <summary>Gets the arrivals dropped in the interval.</summary>
    public long IterationsDropped { get; init; }

    /// <summary>Gets the requests (step executions) that finished in the interval.</summary>
    public long Requests { get; init; }

    /// <summary>Gets the failed requests among them.</summary>
    public long Errors { get; init; }

    /// <summary>Gets the requests per second in the interval.</summary>
    public double Throughput { get; init; }

    /// <summary>Gets the median latency of the interval's requests (corrected for coordinated omission), in milliseconds.</summary>
    public double P50 { get; init; }

    /// <summary>Gets the 95th percentile latency (corrected), in milliseconds.</summary>
    public double P95 { get; init; }

    /// <summary>Gets the 99th percentile latency (corrected), in milliseconds.</summary>
    public double P99 { get; init; }

    /// <summary>Gets the 95th percentile service time, in milliseconds.</summary>
    public double ServiceP95 { get; init; }

    /// <summary>Gets the interval's corrected latencies as an encoded HdrHistogram (see <see cref="LatencyStats.Histogram"/>), so timelines of segments merge exactly.</summary>
    public string? Histogram { get; init; }

    /// <summary>Gets each step's share of the interval, in the order of the scenarios and their steps.</summary>
    public IReadOnlyList<StepInterval> Steps { get; init; } = [];
}
