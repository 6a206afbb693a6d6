using BenchmarkDotNet.Attributes;
using Cortex.Slo.Status;
using Cortex.Slo;
using Cortex.Slo.Storage;

namespace Cortex.Benchmarks.Slo;

/// <summary>
/// One full evaluation of the 17 production SLOs with 30 days of data behind them (the error budgets read the whole
/// 30-day window), against the naive way: the raw samples of the 30 days sorted for the percentiles. The setup also
/// prints the memory of one series filled over 30 days (GC.GetTotalMemory before and after, and the series' own estimate).
/// </summary>
public class SloWindowBenchmarks
{
    private const int Minutes = 30 * 24 * 60;
    private readonly List<double> _raw = [];
    private SloMonitor _monitor = null!;

    [GlobalSetup]
    public void Setup()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var series = new SliSeries("requests", [TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)], TimeSpan.FromDays(7), TimeSpan.FromDays(30));
        for (var minute = 0; minute < Minutes; minute++)
        {
            for (var i = 0; i < SloEvaluationData.PerMinute; i++)
            {
                series.Record(TimeSpan.FromMilliseconds(SloEvaluationData.LatencyMs(minute, i)), success: SloEvaluationData.Succeeds(minute, i));
            }

            series.Collect(SloEvaluationData.Start.AddMinutes(minute));
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// one series over 30 days: {after - before:N0} bytes measured, {series.EstimatedBytes:N0} estimated, bound {SliSeries.MemoryBound(TimeSpan.FromDays(7), 2, TimeSpan.FromDays(30)):N0}");
        GC.KeepAlive(series);

        _monitor = SloEvaluationData.FilledMonitor(Minutes, _raw);
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _monitor.DisposeAsync();

    [Benchmark(Baseline = true)]
    public double RawSamples_SortForPercentiles() => SloEvaluationData.SortForPercentiles(_raw);

    [Benchmark]
    public SloStatus SloMonitor_Evaluate30Days() => _monitor.Evaluate();
}
