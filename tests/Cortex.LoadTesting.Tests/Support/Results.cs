using Cortex.LoadTesting.Internal;

namespace Cortex.LoadTesting.Tests.Support;

/// <summary>Builds results from known samples, for tests of what reads results (analysis, reports, merge).</summary>
internal static class Results
{
    /// <summary>An operation whose service time and latency are the given samples, in milliseconds; <paramref name="errors"/> of them failed.</summary>
    public static OperationSummary Operation(string name, IEnumerable<double> latenciesMs, long errors = 0, TimeSpan? period = null, string? stepType = null)
    {
        var histogram = Histogram(latenciesMs);
        var stats = HistogramCodec.ToStats(histogram);
        var seconds = (period ?? TimeSpan.FromSeconds(10)).TotalSeconds;
        return new OperationSummary
        {
            Name = name,
            StepType = stepType,
            Count = histogram.TotalCount,
            Errors = errors,
            Throughput = histogram.TotalCount / seconds,
            ServiceTime = stats,
            Latency = stats,
        };
    }

    /// <summary>A result with one scenario of one step whose requests are the given samples.</summary>
    public static LoadTestResult Single(IEnumerable<double> latenciesMs, long errors = 0, TimeSpan? duration = null, string scenario = "s", string step = "step")
    {
        var period = duration ?? TimeSpan.FromSeconds(10);
        var samples = latenciesMs.ToArray();
        var stepSummary = Operation(step, samples, errors, period, "delay");
        return new LoadTestResult
        {
            TestName = "test",
            StartedAt = new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero),
            Duration = period,
            Iterations = new IterationCounts { Started = stepSummary.Count, Completed = stepSummary.Count, Failed = errors },
            Requests = stepSummary with { Name = "requests", StepType = null },
            Scenarios = [new ScenarioSummary { Name = scenario, Weight = 1, Iterations = stepSummary with { Name = scenario, StepType = null }, Steps = [stepSummary] }],
        };
    }

    /// <summary>The one-second timeline point <paramref name="index"/> whose requests are the given samples, each an iteration of its own.</summary>
    public static TimelinePoint Point(int index, IEnumerable<double> latenciesMs, long errors = 0, int activeUsers = 1)
    {
        var histogram = Histogram(latenciesMs);
        var stats = HistogramCodec.ToStats(histogram);
        return new TimelinePoint
        {
            Index = index,
            Elapsed = TimeSpan.FromSeconds(index + 1),
            Interval = TimeSpan.FromSeconds(1),
            TargetLoad = activeUsers,
            ActiveUsers = activeUsers,
            IterationsStarted = histogram.TotalCount,
            Requests = histogram.TotalCount,
            Errors = errors,
            Throughput = histogram.TotalCount,
            P50 = stats.P50,
            P95 = stats.P95,
            P99 = stats.P99,
            ServiceP95 = stats.P95,
            Histogram = stats.Histogram,
        };
    }

    /// <summary>The result with the given threshold expressions (on all requests) judged as the engine judges them at the end.</summary>
    public static LoadTestResult Judged(LoadTestResult result, params string[] expressions)
    {
        var options = new LoadTestOptions();
        foreach (var expression in expressions)
        {
            options.Thresholds.Add(new ThresholdOptions { Expression = expression });
        }

        return result with { Thresholds = [.. CompiledThreshold.From(options).Select(t => t.Judge(result))] };
    }

    private static HdrHistogram.LongHistogram Histogram(IEnumerable<double> latenciesMs)
    {
        var histogram = HistogramCodec.Create();
        foreach (var ms in latenciesMs)
        {
            histogram.RecordValue(HistogramCodec.ToMicros(TimeSpan.FromMilliseconds(ms)));
        }

        return histogram;
    }
}
