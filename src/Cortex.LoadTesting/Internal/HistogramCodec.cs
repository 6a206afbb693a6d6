using Cortex.Internal;
using Cortex.LoadTesting.Results;
using HdrHistogram;

namespace Cortex.LoadTesting.Internal;

/// <summary>
/// The one histogram shape of this package (microseconds, 1 µs to 1 hour, 2 significant digits) and its text encoding:
/// HdrHistogram's compressed V2 encoding in base64, which any HdrHistogram implementation can decode.
/// </summary>
internal static class HistogramCodec
{
    public const long Lowest = LatencyHistogramShape.Lowest;
    public const long Highest = LatencyHistogramShape.Highest;
    public const int Digits = LatencyHistogramShape.Digits;

    public static LongHistogram Create() => new(Lowest, Highest, Digits);

    public static long ToMicros(TimeSpan elapsed) => LatencyHistogramShape.ToMicros(elapsed);

    public static string? Encode(HistogramBase histogram) => HistogramBase64.Encode(histogram);

    /// <summary>Decodes into a histogram of this package's shape, so decoded histograms add to each other exactly.</summary>
    public static LongHistogram Decode(string? encoded)
    {
        var result = Create();
        if (!string.IsNullOrEmpty(encoded))
        {
            result.Add(HistogramBase64.Decode(encoded, Highest));
        }

        return result;
    }

    public static LatencyStats ToStats(HistogramBase histogram, bool includeHistogram = true)
    {
        if (histogram.TotalCount == 0)
        {
            return LatencyStats.Empty;
        }

        return new LatencyStats
        {
            Count = histogram.TotalCount,
            Min = Millis(histogram.GetValueAtPercentile(0)),
            Mean = histogram.GetMean() / 1000.0,
            StdDev = histogram.GetStdDeviation() / 1000.0,
            P50 = Millis(histogram.GetValueAtPercentile(50)),
            P90 = Millis(histogram.GetValueAtPercentile(90)),
            P95 = Millis(histogram.GetValueAtPercentile(95)),
            P99 = Millis(histogram.GetValueAtPercentile(99)),
            Max = Millis(histogram.GetMaxValue()),
            Histogram = includeHistogram ? Encode(histogram) : null,
        };
    }

    public static double Millis(long micros) => micros / 1000.0;
}
