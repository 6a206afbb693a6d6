using BenchmarkDotNet.Attributes;
using Cortex.Slo;
using Cortex.Slo.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Benchmarks.Slo;

/// <summary>
/// One full evaluation of the 17 production SLOs with 30 days of data behind them (the error budgets read the whole
/// 30-day window), against the naive way: the raw samples of the 30 days sorted for the percentiles. The setup also
/// prints the memory of one series filled over 30 days (GC.GetTotalMemory before and after, and the series' own estimate).
/// </summary>
public class SloWindowBenchmarks
{
    private const int PerMinute = 10;
    private const int Minutes = 30 * 24 * 60;
    private readonly List<double> _raw = [];
    private SloMonitor _monitor = null!;

    [GlobalSetup]
    public void Setup()
    {
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var series = new SliSeries("requests", [TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)], TimeSpan.FromDays(7), TimeSpan.FromDays(30));
        for (var minute = 0; minute < Minutes; minute++)
        {
            for (var i = 0; i < PerMinute; i++)
            {
                series.Record(TimeSpan.FromMilliseconds(20 + (((minute * 7) + (i * 13)) % 50)), success: (minute + i) % 200 != 0);
            }

            series.Collect(start.AddMinutes(minute));
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// one series over 30 days: {after - before:N0} bytes measured, {series.EstimatedBytes:N0} estimated, bound {SliSeries.MemoryBound(TimeSpan.FromDays(7), 2, TimeSpan.FromDays(30)):N0}");
        GC.KeepAlive(series);

        var time = new FakeTimeProvider(start);
        _monitor = new SloMonitor(SloPresets.Production(), timeProvider: time);
        for (var minute = 0; minute < Minutes; minute++)
        {
            for (var i = 0; i < PerMinute; i++)
            {
                var ms = 20 + (((minute * 7) + (i * 13)) % 50);
                _monitor.Record("query", TimeSpan.FromMilliseconds(ms), success: (minute + i) % 200 != 0);
                _raw.Add(ms);
            }

            time.Advance(TimeSpan.FromMinutes(1));
            if (minute % 60 == 0 || minute > Minutes - 180)
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
    public SloStatus SloMonitor_Evaluate30Days() => _monitor.Evaluate();
}
