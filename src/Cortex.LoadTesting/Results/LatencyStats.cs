namespace Cortex.LoadTesting.Results;

/// <summary>A latency distribution in milliseconds, with the HdrHistogram it was read from so results merge exactly.</summary>
public sealed record LatencyStats
{
    /// <summary>Gets the distribution of no samples.</summary>
    public static LatencyStats Empty { get; } = new();

    /// <summary>Gets the number of samples.</summary>
    public long Count { get; init; }

    /// <summary>Gets the lowest sample, in milliseconds.</summary>
    public double Min { get; init; }

    /// <summary>Gets the mean, in milliseconds.</summary>
    public double Mean { get; init; }

    /// <summary>Gets the standard deviation, in milliseconds.</summary>
    public double StdDev { get; init; }

    /// <summary>Gets the median, in milliseconds.</summary>
    public double P50 { get; init; }

    /// <summary>Gets the 90th percentile, in milliseconds.</summary>
    public double P90 { get; init; }

    /// <summary>Gets the 95th percentile, in milliseconds.</summary>
    public double P95 { get; init; }

    /// <summary>Gets the 99th percentile, in milliseconds.</summary>
    public double P99 { get; init; }

    /// <summary>Gets the highest sample, in milliseconds.</summary>
    public double Max { get; init; }

    /// <summary>
    /// Gets the samples as a compressed, base64-encoded HdrHistogram (microseconds, 2 significant digits), or
    /// <see langword="null"/> when there are none; decode it with HdrHistogram's <c>HistogramEncoding</c>.
    /// </summary>
    public string? Histogram { get; init; }
}
