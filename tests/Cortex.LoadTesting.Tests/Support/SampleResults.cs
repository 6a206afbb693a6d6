using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Thresholds;

namespace Cortex.LoadTesting.Tests.Support;

/// <summary>Builds results from known samples, for tests of what reads results (analysis, reports, merge).</summary>
internal static class SampleResults
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

    /// <summary><paramref name="count"/> latencies in milliseconds spread evenly from <paramref name="lowMs"/> to <paramref name="highMs"/>.</summary>
    public static IEnumerable<double> Spread(int count, double lowMs, double highMs) =>
        Enumerable.Range(0, count).Select(i => count == 1 ? lowMs : lowMs + ((highMs - lowMs) * i / (count - 1)));

    /// <summary>
    /// A timeline point whose interval's (corrected) latencies are the given samples: each sample is one request and,
    /// unless <paramref name="started"/> says otherwise, one started iteration.
    /// </summary>
    public static TimelinePoint Point(int index, double targetLoad, IEnumerable<double> latenciesMs, long errors = 0, long? started = null, long dropped = 0, TimeSpan? interval = null, int activeUsers = 0)
    {
        var histogram = Histogram(latenciesMs);
        var length = interval ?? TimeSpan.FromSeconds(1);
        var stats = HistogramCodec.ToStats(histogram, includeHistogram: false);
        return new TimelinePoint
        {
            Index = index,
            Elapsed = length * (index + 1),
            Interval = length,
            TargetLoad = targetLoad,
            ActiveUsers = activeUsers,
            IterationsStarted = started ?? histogram.TotalCount,
            IterationsDropped = dropped,
            Requests = histogram.TotalCount,
            Errors = errors,
            Throughput = histogram.TotalCount / length.TotalSeconds,
            P50 = stats.P50,
            P95 = stats.P95,
            P99 = stats.P99,
            ServiceP95 = stats.P95,
            Histogram = HistogramCodec.Encode(histogram),
        };
    }

    /// <summary>A result of <paramref name="model"/> around <paramref name="timeline"/>: one step whose requests are all the timeline's requests.</summary>
    public static LoadTestResult FromTimeline(LoadModel model, IReadOnlyList<TimelinePoint> timeline)
    {
        var histogram = HistogramCodec.Create();
        foreach (var point in timeline)
        {
            histogram.Add(HistogramCodec.Decode(point.Histogram));
        }

        var duration = TimeSpan.FromTicks(timeline.Sum(p => p.Interval.Ticks));
        var stats = HistogramCodec.ToStats(histogram);
        var step = new OperationSummary
        {
            Name = "step",
            StepType = "delay",
            Count = histogram.TotalCount,
            Errors = timeline.Sum(p => p.Errors),
            Throughput = histogram.TotalCount / duration.TotalSeconds,
            ServiceTime = stats,
            Latency = stats,
        };
        return Single([]) with
        {
            Model = model,
            Duration = duration,
            Iterations = new IterationCounts { Started = timeline.Sum(p => p.IterationsStarted), Completed = step.Count, Dropped = timeline.Sum(p => p.IterationsDropped) },
            Requests = step with { Name = "requests", StepType = null },
            Scenarios = [new ScenarioSummary { Name = "s", Weight = 1, Iterations = step with { Name = "s", StepType = null }, Steps = [step] }],
            Timeline = timeline,
        };
    }

    /// <summary>A result with one scenario of the given steps; its requests are all the steps' samples together.</summary>
    public static LoadTestResult Steps(params OperationSummary[] steps)
    {
        var histogram = HistogramCodec.Create();
        foreach (var step in steps)
        {
            histogram.Add(HistogramCodec.Decode(step.Latency.Histogram));
        }

        var stats = HistogramCodec.ToStats(histogram);
        var requests = new OperationSummary
        {
            Name = "requests",
            Count = histogram.TotalCount,
            Errors = steps.Sum(s => s.Errors),
            Throughput = steps.Sum(s => s.Throughput),
            ServiceTime = stats,
            Latency = stats,
        };
        return Single([]) with
        {
            Iterations = new IterationCounts { Started = steps[0].Count, Completed = steps[0].Count, Failed = steps.Sum(s => s.Errors) },
            Requests = requests,
            Scenarios = [new ScenarioSummary { Name = "s", Weight = 1, Iterations = steps[0] with { Name = "s", StepType = null }, Steps = steps }],
        };
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
