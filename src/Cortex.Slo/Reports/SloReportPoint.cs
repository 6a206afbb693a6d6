namespace Cortex.Slo.Reports;

/// <summary>One point of a report's timeline: the requests of one interval (a minute or an hour).</summary>
public sealed record SloReportPoint
{
    /// <summary>Gets the start of the interval.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>Gets how many requests finished in the interval.</summary>
    public long Requests { get; init; }

    /// <summary>Gets how many of them failed.</summary>
    public long Errors { get; init; }

    /// <summary>Gets the 95th percentile latency in milliseconds (0 without requests).</summary>
    public double P95Ms { get; init; }

    /// <summary>Gets the 99th percentile latency in milliseconds (0 without requests).</summary>
    public double P99Ms { get; init; }
}
