using System.Text.Json.Serialization;

namespace Cortex.Slo.Storage;

/// <summary>The snapshot file: every series and the counters, minutes as columns so seven days stay a few hundred KB a series.</summary>
internal sealed record SloSnapshotDocument(int Version, IReadOnlyList<SeriesSnapshot> Series, CounterSnapshot Counters)
{
    public const int CurrentVersion = 1;
}

/// <summary>
/// One <see cref="SliSeries"/>: its minutes (numbered as <see cref="MinuteRing"/> numbers them), each column one value
/// a minute; <see cref="GoodBelow"/> has one column per entry of <see cref="ThresholdsMicros"/> (the lowest value of each
/// threshold's histogram bucket, so thresholds in the same bucket match). Histograms are HdrHistogram's compressed
/// encoding in base64, keyed by minute, hour or day number. <see cref="FirstMinute"/> is the oldest minute the hourly
/// counts hold data from.
/// </summary>
internal sealed record SeriesSnapshot(
    string Name,
    long[] ThresholdsMicros,
    long[] Minutes,
    long[] Counts,
    long[] Errors,
    long[][] GoodBelow,
    float[] P50Ms,
    float[] P95Ms,
    float[] P99Ms,
    IReadOnlyList<HistogramSnapshot> MinuteHistograms,
    IReadOnlyList<HistogramSnapshot> HourHistograms,
    long? FirstMinute = null,
    HourColumnsSnapshot? HourColumns = null,
    IReadOnlyList<HistogramSnapshot>? DayHistograms = null);

/// <summary>
/// The hourly counts of a series over its whole window, each column one value an hour (hours numbered as minutes are,
/// divided by 60); <see cref="GoodBelow"/> has one column per threshold of the series. A file written before these were
/// saved has none; the hours are then rebuilt from its minutes.
/// </summary>
internal sealed record HourColumnsSnapshot(
    long[] Hours,
    long[] Counts,
    long[] Errors,
    long[][] GoodBelow,
    float[] P50Ms,
    float[] P95Ms,
    float[] P99Ms);

/// <summary>One histogram of a series: the minute or hour number it covers, and its encoding.</summary>
internal sealed record HistogramSnapshot(long Key, string Data);

/// <summary>The <see cref="CounterSeries"/>: the minutes kept, and each counter's sum per minute (same index).</summary>
internal sealed record CounterSnapshot(long[] Minutes, IReadOnlyDictionary<string, long[]> Sums);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SloSnapshotDocument))]
internal sealed partial class SloSnapshotJsonContext : JsonSerializerContext;
