using BenchmarkDotNet.Attributes;
using Cortex.Slo.Status;
using Cortex.Slo;
using HdrHistogram;

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
    private readonly List<double> _raw = [];
    private SloMonitor _monitor = null!;

    [GlobalSetup]
    public void Setup() => _monitor = SloEvaluationData.FilledMonitor(7 * 24 * 60, _raw);

    [GlobalCleanup]
    public async Task Cleanup() => await _monitor.DisposeAsync();

    [Benchmark(Baseline = true)]
    public double RawSamples_SortForPercentiles() => SloEvaluationData.SortForPercentiles(_raw);

    [Benchmark]
    public SloStatus SloMonitor_Evaluate7Days() => _monitor.Evaluate();
}
