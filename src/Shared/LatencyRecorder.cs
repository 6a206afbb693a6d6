using HdrHistogram;

namespace Cortex.Internal;

/// <summary>
/// Wait-free latency recording (HdrHistogram's <see cref="Recorder"/>) with percentiles read on demand; fixed memory
/// however long the process runs. Compiled into each package that needs it (linked source), so no package depends on another for it.
/// </summary>
internal sealed class LatencyRecorder
{
    // The family's shape (LatencyHistogramShape): about 20 KB per recorder.
    private const long Highest = LatencyHistogramShape.Highest;
    private readonly Recorder _recorder = HistogramFactory.With64BitBucketSize()
        .WithValuesFrom(LatencyHistogramShape.Lowest).WithValuesUpTo(Highest).WithPrecisionOf(LatencyHistogramShape.Digits)
        .WithThreadSafeWrites().WithThreadSafeReads().Create();

    private readonly HistogramBase _total = HistogramFactory.With64BitBucketSize()
        .WithValuesFrom(LatencyHistogramShape.Lowest).WithValuesUpTo(Highest).WithPrecisionOf(LatencyHistogramShape.Digits).Create();

    private HistogramBase? _recycled;

    public void Record(TimeSpan elapsed)
    {
        _recorder.RecordValue(LatencyHistogramShape.ToMicros(elapsed));
    }

    public (TimeSpan P50, TimeSpan P95, TimeSpan P99, long Count) Snapshot()
    {
        lock (_total)
        {
            var interval = _recycled is null ? _recorder.GetIntervalHistogram() : _recorder.GetIntervalHistogram(_recycled);
            _total.Add(interval);
            _recycled = interval;
            return _total.TotalCount == 0
                ? (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0)
                : (At(50), At(95), At(99), _total.TotalCount);
        }
    }

    private TimeSpan At(double percentile) => TimeSpan.FromMicroseconds(_total.GetValueAtPercentile(percentile));
}
