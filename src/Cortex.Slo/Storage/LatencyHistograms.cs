using System.Numerics;
using Cortex.Internal;
using HdrHistogram;

namespace Cortex.Slo.Storage;

/// <summary>
/// The one histogram shape of this package: microseconds from 1 µs to 1 hour at 2 significant digits, in HdrHistogram's
/// bucket layout. The series keep counts per bucket in plain arrays (index = bucket) rather than HdrHistogram objects,
/// because HdrHistogram.NET 2.5 is slow where the series are hot: a thread-safe <see cref="Recorder"/> takes ~115 ns a
/// value (~290 ns with two writers), and reading or merging one histogram 60 µs to 1 ms, where an array add takes 1 ns.
/// Counts become an HdrHistogram <see cref="LongHistogram"/> only to leave the series (queries and snapshots).
/// </summary>
internal static class LatencyHistograms
{
    public const long Lowest = LatencyHistogramShape.Lowest;
    public const long Highest = LatencyHistogramShape.Highest;
    public const int Digits = LatencyHistogramShape.Digits;

    // 2 significant digits need 200 distinct sub-buckets, rounded up to 256: values below 256 µs have their own bucket,
    // and each doubling above that is split into 128 buckets.
    private const int SubBucketBits = 8;
    private const int HalfBucketBits = SubBucketBits - 1;

    private static readonly (long[] Lowest, long[] Highest) Layout = BuildLayout();

    /// <summary>Gets the number of buckets, the length of every counts array.</summary>
    public static int Buckets => Layout.Lowest.Length;

    public static LongHistogram CreateMerged() => new(Lowest, Highest, Digits);

    public static long ToMicros(TimeSpan duration) => LatencyHistogramShape.ToMicros(duration);

    public static long ToMicros(double seconds)
    {
        // NaN and negative durations (a clock that stepped back) are kept as the lowest value rather than lost.
        if (!(seconds > 0))
        {
            return Lowest;
        }

        var micros = seconds * 1_000_000;
        return micros >= Highest ? Highest : Math.Max((long)micros, Lowest);
    }

    public static double ToMillis(long micros) => micros / 1000.0;

    /// <summary>The bucket of a value between <see cref="Lowest"/> and <see cref="Highest"/> (HdrHistogram's counts index for this shape).</summary>
    public static int IndexOf(long micros)
    {
        var bucket = (64 - SubBucketBits) - BitOperations.LeadingZeroCount((ulong)(micros | ((1L << SubBucketBits) - 1)));
        return (bucket << HalfBucketBits) + (int)(micros >> bucket);
    }

    /// <summary>The lowest value of a bucket: what a merged histogram records for it.</summary>
    public static long LowestOf(int index) => Layout.Lowest[index];

    /// <summary>The value HdrHistogram reports for a bucket (its highest equivalent value).</summary>
    public static long HighestOf(int index) => Layout.Highest[index];

    /// <summary>The value at a percentile of bucket counts, as <see cref="HistogramBase.GetValueAtPercentile"/> computes it; 0 when empty.</summary>
    public static long ValueAtPercentile(ReadOnlySpan<long> counts, long total, double percentile)
    {
        if (total <= 0)
        {
            return 0;
        }

        var rank = Math.Max((long)((Math.Min(percentile, 100) / 100 * total) + 0.5), 1);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return Layout.Highest[i];
            }
        }

        return Layout.Highest[^1];
    }

    public static LongHistogram ToHistogram(ReadOnlySpan<long> counts)
    {
        var histogram = CreateMerged();
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] != 0)
            {
                histogram.RecordValueWithCount(Layout.Lowest[i], counts[i]);
            }
        }

        return histogram;
    }

    /// <summary>Reads a histogram of this shape into bucket counts; throws <see cref="InvalidDataException"/> when it has another shape.</summary>
    public static long[] ReadCounts(HistogramBase histogram)
    {
        if (histogram.LowestTrackableValue != Lowest || histogram.NumberOfSignificantValueDigits != Digits)
        {
            throw new InvalidDataException($"A histogram of {histogram.LowestTrackableValue} to {histogram.HighestTrackableValue} at {histogram.NumberOfSignificantValueDigits} digits is not of this package's shape.");
        }

        var counts = new long[Buckets];
        long total = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = histogram.GetCountAtValue(Layout.Lowest[i]);
            total += counts[i];
        }

        return total == histogram.TotalCount
            ? counts
            : throw new InvalidDataException($"A histogram holds {histogram.TotalCount} values, {histogram.TotalCount - total} of them above {Highest} µs.");
    }

    // The layout comes from HdrHistogram itself, so buckets mean what they mean in any HdrHistogram of this shape.
    private static (long[] Lowest, long[] Highest) BuildLayout()
    {
        var probe = CreateMerged();
        var lowest = new List<long>();
        for (var value = 0L; value <= Highest; value = probe.NextNonEquivalentValue(value))
        {
            lowest.Add(value);
        }

        return ([.. lowest], [.. lowest.Select(probe.HighestEquivalentValue)]);
    }
}
