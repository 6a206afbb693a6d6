using BenchmarkDotNet.Attributes;
using Cortex.Slo;
using HdrHistogram;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Benchmarks.Slo;

/// <summary>
/// <c>SloMonitor.Record</c> from two writers at once, against HdrHistogram's thread-safe <c>Recorder</c> taking the
/// same value (the cheapest lock-free recording a user could write).
/// </summary>
public class SloRecordBenchmarks
{
    private const int Samples = 100_000;
    private readonly Recorder _recorder = HistogramFactory.With64BitBucketSize().WithValuesFrom(1).WithValuesUpTo(3_600_000_000).WithPrecisionOf(2)
        .WithThreadSafeWrites().WithThreadSafeReads().Create();

    private SloMonitor _monitor = null!;

    [GlobalSetup]
    public void Setup() => _monitor = new SloMonitor(SloPresets.Production());

    [GlobalCleanup]
    public async Task Cleanup() => await _monitor.DisposeAsync();

    [Benchmark(Baseline = true, OperationsPerInvoke = Samples * 2)]
    public void RawRecorder_TwoWriters() => Parallel.Invoke(RawWriter, RawWriter);

    [Benchmark(OperationsPerInvoke = Samples * 2)]
    public void SloMonitorRecord_TwoWriters() => Parallel.Invoke(MonitorWriter, MonitorWriter);

    private void RawWriter()
    {
        for (var i = 0; i < Samples; i++)
        {
            _recorder.RecordValue(1_000 + (i & 1023));
        }
    }

    private void MonitorWriter()
    {
        for (var i = 0; i < Samples; i++)
        {
            _monitor.Record("query", TimeSpan.FromMicroseconds(1_000 + (i & 1023)), success: (i & 255) != 0);
        }
    }
}

/// <summary>
/// One full evaluation (every SLO, burn rates over 5 min to 30 days, alerts, anomalies) over 7 days of minute buckets,
/// against the naive way: keep the raw samples and sort them for the 7-day percentiles and error ratio.
/// </summary>
public class SloEvaluationBenchmarks
{
    private const int PerMinute = 10;
    private readonly List<double> _raw = [];
    private SloMonitor _monitor = null!;

    [GlobalSetup]
    public void Setup()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        _monitor = new SloMonitor(SloPresets.Production(), timeProvider: time);
        for (var minute = 0; minute < 7 * 24 * 60; minute++)
        {
            for (var i = 0; i < PerMinute; i++)
            {
                var ms = 20 + ((minute * 7 + i * 13) % 50);
                _monitor.Record("query", TimeSpan.FromMilliseconds(ms), success: (minute + i) % 200 != 0);
                _raw.Add(ms);
            }

            time.Advance(TimeSpan.FromMinutes(1));
            if (minute % 60 == 0 || minute > (7 * 24 * 60) - 180)
            {
                _monitor.Evaluate();
            }
        }
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _monitor.DisposeAsync();

    [Benchmark(Baseline = true)]
    public double RawSamples_SortForPercentiles()
    {
        var sorted = _raw.ToArray();
        Array.Sort(sorted);
        return sorted[(int)(sorted.Length * 0.95)] + sorted[(int)(sorted.Length * 0.99)];
    }

    [Benchmark]
    public SloStatus SloMonitor_Evaluate7Days() => _monitor.Evaluate();
}
