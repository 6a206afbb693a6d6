using HdrHistogram;

namespace Cortex.Slo.Storage;

/// <summary>
/// STUB (to be implemented): the measurements of one series (requests, qdrant, zai) in per-minute buckets with
/// mergeable histograms, rolled into hours, bounded by retention. Record is lock-free and allocation-free;
/// Collect/Counts/Histogram/Points are called by the monitor's single evaluation loop.
/// </summary>
internal sealed class SliSeries
{
    /// <param name="name">The series name.</param>
    /// <param name="latencyThresholds">Latency thresholds whose good-below counts are kept per bucket (index = threshold index).</param>
    /// <param name="retention">How long buckets are kept.</param>
    public SliSeries(string name, IReadOnlyList<TimeSpan> latencyThresholds, TimeSpan retention)
    {
        Name = name;
        LatencyThresholds = latencyThresholds;
        Retention = retention;
    }

    public string Name { get; }

    public IReadOnlyList<TimeSpan> LatencyThresholds { get; }

    public TimeSpan Retention { get; }

    /// <summary>Gets the start of the oldest bucket with data, or null.</summary>
    public DateTimeOffset? FirstDataAt => throw new NotImplementedException();

    /// <summary>Gets an estimate of the memory the buckets hold.</summary>
    public long EstimatedBytes => throw new NotImplementedException();

    public void Record(TimeSpan duration, bool success) => throw new NotImplementedException();

    public void RecordSeconds(double seconds, bool success) => throw new NotImplementedException();

    /// <summary>Moves everything recorded since the last call into the bucket of the minute containing <paramref name="now"/>; closes finished minutes and hours; drops what is past retention.</summary>
    public void Collect(DateTimeOffset now) => throw new NotImplementedException();

    /// <summary>Counts over the buckets whose minute overlaps (now - window, now].</summary>
    public WindowCounts Counts(TimeSpan window, DateTimeOffset now) => throw new NotImplementedException();

    /// <summary>The merged latency histogram (microseconds) over the window; hour histograms for full hours, minute ones for the rest.</summary>
    public HistogramBase Histogram(TimeSpan window, DateTimeOffset now) => throw new NotImplementedException();

    /// <summary>One point per minute (or per hour where only hours are kept, or when <paramref name="resolution"/> is an hour) between the two times.</summary>
    public IReadOnlyList<SeriesPoint> Points(DateTimeOffset from, DateTimeOffset to, TimeSpan resolution) => throw new NotImplementedException();
}
