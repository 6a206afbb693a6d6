using System.Globalization;
using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Thresholds;
using HdrHistogram;

namespace Cortex.LoadTesting.Reports;

/// <summary>
/// Combines the results of the segments of one distributed run (see <see cref="ExecutionSegment"/>), as read back
/// with <see cref="LoadTestReports.FromJson"/>, into the result of the whole run. Counts add up and every latency
/// distribution is recomputed from the segments' HdrHistograms added together, so percentiles are exact, not averaged.
/// </summary>
public static class LoadTestResultMerger
{
    /// <summary>
    /// Merges the results of the segments of one run.
    /// <list type="bullet">
    /// <item>Counts add (iterations, requests, errors; scenarios and steps by name; errors by scenario, step, type and status);
    /// latency and service time come from the added histograms; throughput is the merged count over the merged duration.</item>
    /// <item>The segments ran side by side: the start is the earliest, the duration the longest, peak active users add up,
    /// and the status is the worst (aborted, then stopped, then completed).</item>
    /// <item>Timeline points merge by index (each relative to its segment's start): counts, target load and active users add,
    /// percentiles come from the added interval histograms, and <see cref="TimelinePoint.ServiceP95"/> is the highest of the
    /// segments', an upper bound, because service time is not kept as a histogram per interval.</item>
    /// <item>Response checks add by scenario, step and name.</item>
    /// <item>The thresholds of the first result are judged again on the merged data.</item>
    /// <item>When every segment 1..n is present the merged segment is <see cref="ExecutionSegment.Full"/>. A partial merge keeps
    /// the lowest segment present and says which segments are missing in <see cref="LoadTestResult.StopReason"/>.</item>
    /// </list>
    /// A single result is returned as it is: there is nothing to combine.
    /// </summary>
    /// <param name="results">The segments' results, in any order.</param>
    /// <returns>The result of the whole run.</returns>
    /// <exception cref="ArgumentException">
    /// The list is empty, the results are not segments of one run (test name, model, segment count or reporting interval
    /// differ, a segment repeats, or two started more than one reporting interval apart), or a result has latencies without their histogram (it was not written by <see cref="LoadTestReports.ToJson"/>).
    /// </exception>
    public static LoadTestResult Merge(IReadOnlyList<LoadTestResult> results)
    {
        Validate(results);
        if (results.Count == 1)
        {
            return results[0];
        }

        var first = results[0];
        var duration = results.Max(r => r.Duration);
        var present = results.Select(r => r.Segment).OrderBy(s => s.Index).ToList();
        var complete = present.Count == first.Segment.Count;
        var merged = new LoadTestResult
        {
            TestName = first.TestName,
            Model = first.Model,
            Setup = first.Setup,
            Segment = complete ? ExecutionSegment.Full : present[0],
            StartedAt = results.Min(r => r.StartedAt),
            Duration = duration,
            Status = results.Select(r => r.Status).MaxBy(Severity),
            StopReason = StopReason(results, present, complete),
            Iterations = new IterationCounts
            {
                Started = results.Sum(r => r.Iterations.Started),
                Completed = results.Sum(r => r.Iterations.Completed),
                Failed = results.Sum(r => r.Iterations.Failed),
                Dropped = results.Sum(r => r.Iterations.Dropped),
            },
            PeakActiveUsers = results.Sum(r => r.PeakActiveUsers),
            Requests = MergeOperation([.. results.Select((r, i) => new Part(i, r.Requests))], duration, "requests"),
            Scenarios = MergeScenarios(results, duration),
            Errors = MergeErrors(results),
            Checks = MergeChecks(results),
            Timeline = MergeTimeline(results),
        };
        merged = merged with { Thresholds = Rejudge(results, merged) };
        return ResultFinisher.Finish(merged, CompiledThreshold.From(merged.Thresholds), maxUsers: null);
    }

    private static void Validate(IReadOnlyList<LoadTestResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            throw new ArgumentException("There are no results to merge; pass the JSON results of every segment of the run.", nameof(results));
        }

        var first = results[0] ?? throw new ArgumentException("results[0] is null.", nameof(results));
        var seen = new HashSet<int>();
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i] ?? throw new ArgumentException($"results[{i}] is null.", nameof(results));
            if (!string.Equals(r.TestName, first.TestName, StringComparison.Ordinal))
            {
                throw new ArgumentException($"results[{i}] is of test '{r.TestName}' but results[0] of test '{first.TestName}'; merge only the segments of one run.", nameof(results));
            }

            if (r.Model != first.Model)
            {
                throw new ArgumentException($"results[{i}] used model {ReportJson.Name(r.Model)} but results[0] used {ReportJson.Name(first.Model)}; merge only the segments of one run.", nameof(results));
            }

            if (r.Segment.Count != first.Segment.Count)
            {
                throw new ArgumentException($"results[{i}] is segment {r.Segment} but results[0] is segment {first.Segment}; the segments of one run have the same count.", nameof(results));
            }

            if (!seen.Add(r.Segment.Index))
            {
                throw new ArgumentException($"Segment {r.Segment} appears twice (results[{i}]); each segment of a run is merged once.", nameof(results));
            }

            var (interval, firstInterval) = (IntervalOf(r), IntervalOf(first));
            // Measured intervals wobble by a timer tick or two; configured ones that differ, differ by far more.
            if (interval is { } a && firstInterval is { } b && Math.Abs((a - b).TotalSeconds) > 0.1 * Math.Max(a.TotalSeconds, b.TotalSeconds))
            {
                throw new ArgumentException($"results[{i}] (segment {r.Segment}) reported every {Seconds(a)} but results[0] (segment {first.Segment}) every {Seconds(b)}; run every segment with the same reportingInterval.", nameof(results));
            }

            // Segments started apart generate their shares of the load at different times: the sum is not the test's load.
            var apart = r.StartedAt - first.StartedAt;
            var allowed = firstInterval ?? interval ?? TimeSpan.FromSeconds(1);
            if (apart.Duration() > allowed)
            {
                throw new ArgumentException(
                    $"results[{i}] (segment {r.Segment}) started at {Instant(r.StartedAt)}, {Seconds(apart.Duration())} {(apart > TimeSpan.Zero ? "after" : "before")} results[0] (segment {first.Segment}) at {Instant(first.StartedAt)}: "
                    + $"more than one reporting interval ({Seconds(allowed)}) apart, so their loads did not add up; start the segments together (a Kubernetes Indexed Job or --coordinator).",
                    nameof(results));
            }
        }
    }

    /// <summary>The interval a result reported at: the median of its timeline's; <see langword="null"/> when it has none.</summary>
    private static TimeSpan? IntervalOf(LoadTestResult result) =>
        result.Timeline.Count == 0 ? null : result.Timeline.Select(p => p.Interval).Order().ElementAt(result.Timeline.Count / 2);

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static string Instant(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static int Severity(LoadTestStatus status) => status switch
    {
        LoadTestStatus.Aborted => 2,
        LoadTestStatus.Stopped => 1,
        _ => 0,
    };

    private static string? StopReason(IReadOnlyList<LoadTestResult> results, List<ExecutionSegment> present, bool complete)
    {
        var reasons = results.Where(r => r.StopReason is not null).OrderBy(r => r.Segment.Index).Select(r => $"segment {r.Segment}: {r.StopReason}").ToList();
        if (!complete)
        {
            var count = present[0].Count;
            var missing = Enumerable.Range(1, count).Except(present.Select(s => s.Index)).Select(i => new ExecutionSegment(i, count).ToString());
            reasons.Insert(0, $"partial merge: segments {string.Join(", ", present)} without {string.Join(", ", missing)}");
        }

        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }

    private static List<ScenarioSummary> MergeScenarios(IReadOnlyList<LoadTestResult> results, TimeSpan duration)
    {
        var scenarios = results.SelectMany((r, i) => r.Scenarios.Select(s => (Result: i, Scenario: s))).GroupBy(x => x.Scenario.Name, StringComparer.Ordinal);
        return [.. scenarios.Select(group =>
        {
            var path = $"scenario '{group.Key}'";
            var steps = group
                .SelectMany(x => x.Scenario.Steps.Select(step => new Part(x.Result, step)))
                .GroupBy(p => p.Operation.Name, StringComparer.Ordinal)
                .Select(parts => MergeOperation([.. parts], duration, $"{path} step '{parts.Key}'"));
            return new ScenarioSummary
            {
                Name = group.Key,
                Weight = group.First().Scenario.Weight,
                Executor = group.First().Scenario.Executor,
                Iterations = MergeOperation([.. group.Select(x => new Part(x.Result, x.Scenario.Iterations))], duration, path),
                Steps = [.. steps],
            };
        })];
    }

    private static OperationSummary MergeOperation(IReadOnlyList<Part> parts, TimeSpan duration, string path)
    {
        var count = parts.Sum(p => p.Operation.Count);
        return new OperationSummary
        {
            Name = parts[0].Operation.Name,
            StepType = parts.Select(p => p.Operation.StepType).FirstOrDefault(t => t is not null),
            Tags = parts.Select(p => p.Operation.Tags).FirstOrDefault(t => t is not null),
            Count = count,
            Errors = parts.Sum(p => p.Operation.Errors),
            BytesSent = parts.Sum(p => p.Operation.BytesSent),
            BytesReceived = parts.Sum(p => p.Operation.BytesReceived),
            Throughput = duration > TimeSpan.Zero ? count / duration.TotalSeconds : 0,
            ServiceTime = HistogramCodec.ToStats(Sum(parts.Select(p => (p.Result, p.Operation.ServiceTime.Count, p.Operation.ServiceTime.Histogram)), $"{path} service time")),
            Latency = HistogramCodec.ToStats(Sum(parts.Select(p => (p.Result, p.Operation.Latency.Count, p.Operation.Latency.Histogram)), $"{path} latency")),
        };
    }

    /// <summary>Passes and fails add per scenario, step and check, in the order they first appear.</summary>
    private static List<CheckSummary> MergeChecks(IReadOnlyList<LoadTestResult> results) =>
    [
        .. results.SelectMany(r => r.Checks)
            .GroupBy(c => (c.Scenario, c.Step, c.Name))
            .Select(g => g.First() with { Passes = g.Sum(c => c.Passes), Fails = g.Sum(c => c.Fails) }),
    ];

    private static List<ErrorSummary> MergeErrors(IReadOnlyList<LoadTestResult> results) =>
    [
        .. results.SelectMany(r => r.Errors)
            .GroupBy(e => (e.Scenario, e.Step, e.ErrorType, e.StatusCode))
            .Select(g => new ErrorSummary(g.Key.Scenario, g.Key.Step, g.Key.ErrorType, g.Key.StatusCode, g.Sum(e => e.Count)))
            .OrderByDescending(e => e.Count)
            .ThenBy(e => e.Scenario, StringComparer.Ordinal)
            .ThenBy(e => e.Step, StringComparer.Ordinal)
            .ThenBy(e => e.ErrorType, StringComparer.Ordinal)
            .ThenBy(e => e.StatusCode),
    ];

    private static List<TimelinePoint> MergeTimeline(IReadOnlyList<LoadTestResult> results) =>
    [
        .. results.SelectMany((r, i) => r.Timeline.Select(p => (Result: i, Point: p)))
            .GroupBy(x => x.Point.Index)
            .OrderBy(g => g.Key)
            .Select(group =>
            {
                var points = group.Select(x => x.Point).ToList();
                var histogram = Sum(group.Select(x => (x.Result, x.Point.Requests, x.Point.Histogram)), string.Create(CultureInfo.InvariantCulture, $"timeline point {group.Key}"));
                var stats = HistogramCodec.ToStats(histogram, includeHistogram: false);
                var interval = points.Max(p => p.Interval);
                var requests = points.Sum(p => p.Requests);
                return new TimelinePoint
                {
                    Index = group.Key,
                    Elapsed = points.Max(p => p.Elapsed),
                    Interval = interval,
                    TargetLoad = points.Sum(p => p.TargetLoad),
                    ActiveUsers = points.Sum(p => p.ActiveUsers),
                    IterationsStarted = points.Sum(p => p.IterationsStarted),
                    IterationsDropped = points.Sum(p => p.IterationsDropped),
                    Requests = requests,
                    Errors = points.Sum(p => p.Errors),
                    Throughput = interval > TimeSpan.Zero ? requests / interval.TotalSeconds : points.Sum(p => p.Throughput),
                    P50 = stats.P50,
                    P95 = stats.P95,
                    P99 = stats.P99,
                    ServiceP95 = points.Max(p => p.ServiceP95),
                    Histogram = HistogramCodec.Encode(histogram),
                    Steps = MergeSteps(points),
                };
            }),
    ];

    // A step's interval keeps no histogram (it would multiply the result's size by the steps): its percentiles merge as
    // the highest of the segments', an upper bound, as ServiceP95 does.
    private static List<StepInterval> MergeSteps(List<TimelinePoint> points) =>
    [
        .. points.SelectMany(p => p.Steps)
            .GroupBy(s => (s.Scenario, s.Step))
            .Select(g => new StepInterval
            {
                Scenario = g.Key.Scenario,
                Step = g.Key.Step,
                Requests = g.Sum(s => s.Requests),
                Errors = g.Sum(s => s.Errors),
                P50 = g.Max(s => s.P50),
                P95 = g.Max(s => s.P95),
                P99 = g.Max(s => s.P99),
            }),
    ];

    /// <summary>Adds the histograms up; a part that has samples but no histogram cannot be merged exactly, so it is refused.</summary>
    private static LongHistogram Sum(IEnumerable<(int Result, long Count, string? Histogram)> parts, string path)
    {
        var sum = HistogramCodec.Create();
        foreach (var (result, count, encoded) in parts)
        {
            if (count > 0 && string.IsNullOrEmpty(encoded))
            {
                throw new ArgumentException($"results[{result}] has {count} samples in {path} but no histogram, so it cannot be merged exactly; merge the JSON written by LoadTestReports.ToJson.");
            }

            try
            {
                sum.Add(HistogramCodec.Decode(encoded));
            }
            catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException or ArgumentException)
            {
                throw new ArgumentException($"results[{result}] has a histogram in {path} that does not decode: {ex.Message}", ex);
            }
        }

        return sum;
    }

    private static List<ThresholdResult> Rejudge(IReadOnlyList<LoadTestResult> results, LoadTestResult merged)
    {
        IReadOnlyList<CompiledThreshold> thresholds;
        try
        {
            thresholds = CompiledThreshold.From(results[0].Thresholds);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"results[0] has a threshold that cannot be judged again: {ex.Message}", nameof(results), ex);
        }

        // The data is judged anew; which threshold stopped a segment is history that only the segments know.
        return [.. thresholds.Select(t => t.Judge(merged) with
        {
            CausedAbort = results.Any(r => r.Thresholds.Any(s => s.CausedAbort && s.Expression == t.Expression.Text && s.Step == t.Step && s.Source == t.Source)),
        })];
    }

    private sealed record Part(int Result, OperationSummary Operation);
}
