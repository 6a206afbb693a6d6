using System.Diagnostics;
using System.Globalization;

namespace Cortex.Benchmarks.QdrantPooling;

/// <summary>
/// <see cref="QdrantPoolingThreeNodeBenchmarks"/>' two methods, interleaved: <c>-- --probe qdrant-three-node [rounds] [latency-ms]</c>
/// (20 rounds and the benchmark's 5 ms by default).
/// BenchmarkDotNet measures each method in its own process, one after the other, so on a shared machine whose load
/// changes between the two the ratio measures the load as much as the code. Here both run in one process on the same
/// nodes, in alternating order, a few operations each per round; the ratio of each round is taken and their median
/// reported, with the process CPU time per operation beside the wall time (equal CPU and unequal wall time would mean
/// the pool waits on something rather than works more).
/// </summary>
internal static class ThreeNodeProbe
{
    private const int WarmupOperations = 30;
    private const int OperationsPerRound = 5;

    public static async Task RunAsync(int rounds, TimeSpan? latency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var benchmarks = new QdrantPoolingThreeNodeBenchmarks();
        await benchmarks.SetupAsync();
        try
        {
            if (latency is { } chosen)
            {
                benchmarks.SetLatency(chosen);
            }

            // Enough calls that both paths are past tiered compilation's first tier before anything is measured.
            for (var i = 0; i < WarmupOperations; i++)
            {
                await benchmarks.RawRoundRobinAsync();
                await benchmarks.PooledAsync();
            }

            var raw = new List<(double Wall, double Cpu)>();
            var pooled = new List<(double Wall, double Cpu)>();
            var ratios = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                (double Wall, double Cpu) r, p;
                if (round % 2 == 0)
                {
                    r = await MeasureAsync(benchmarks.RawRoundRobinAsync);
                    p = await MeasureAsync(benchmarks.PooledAsync);
                }
                else
                {
                    p = await MeasureAsync(benchmarks.PooledAsync);
                    r = await MeasureAsync(benchmarks.RawRoundRobinAsync);
                }

                raw.Add(r);
                pooled.Add(p);
                ratios.Add(p.Wall / r.Wall);
            }

            ratios.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rounds} rounds of {OperationsPerRound} operations (256 queries each) per method, alternating order, latency {(latency ?? TimeSpan.FromMilliseconds(5)).TotalMilliseconds:0} ms; load average {LoadAverage()}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw, one client per node:  wall {Median(raw, x => x.Wall):0.0} ms/op, CPU {Median(raw, x => x.Cpu):0.0} ms/op"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"QdrantPooledClient:        wall {Median(pooled, x => x.Wall):0.0} ms/op, CPU {Median(pooled, x => x.Cpu):0.0} ms/op"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"time ratio pooled/raw: median {ratios[ratios.Count / 2]:0.00} (quartiles {ratios[ratios.Count / 4]:0.00}–{ratios[ratios.Count * 3 / 4]:0.00}, range {ratios[0]:0.00}–{ratios[^1]:0.00}); throughput {1 / ratios[ratios.Count / 2]:0.00}× raw"));
            // Mid-operation, while the 256 queries wait out the latency: how many connections carry them.
            var running = benchmarks.PooledAsync();
            await Task.Delay(TimeSpan.FromMilliseconds(2));
            var during = benchmarks.PoolStatistics();
            await running;
            var statistics = benchmarks.PoolStatistics();
            foreach (var node in statistics.Nodes)
            {
                var busy = during.Nodes.First(n => n.NodeId == node.NodeId);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {node.NodeId}: {node.Requests:N0} requests, {node.OpenConnections} connections open; mid-operation {busy.InFlight} in flight on {busy.BusyConnections} busy connection(s)"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  queued {statistics.Queued:N0}, retries {statistics.Retries:N0}, failures {statistics.Failures:N0}"));
        }
        finally
        {
            await benchmarks.CleanupAsync();
        }
    }

    // The median of a round's operations, so one operation caught by a burst of load does not make the round.
    private static async Task<(double Wall, double Cpu)> MeasureAsync(Func<Task> operation)
    {
        var samples = new List<(double Wall, double Cpu)>(OperationsPerRound);
        for (var i = 0; i < OperationsPerRound; i++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            await operation();
            var wall = Stopwatch.GetElapsedTime(started);
            samples.Add((wall.TotalMilliseconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds));
        }

        return (Median(samples, x => x.Wall), Median(samples, x => x.Cpu));
    }

    private static double Median<T>(List<T> values, Func<T, double> select)
    {
        var sorted = values.Select(select).Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
