using Cortex.Internal;
using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Thresholds;
using HdrHistogram;

namespace Cortex.LoadTesting.Analysis;

/// <summary>
/// Finds where a ramping run stopped coping, from its timeline alone: the timeline is cut into load levels, each level
/// is judged by the run-wide thresholds and by whether its load was delivered, and the first level that fails is the
/// breakpoint.
/// </summary>
internal static class BreakpointAnalyzer
{
    /// <summary>Targets within 1% of each other are the same load (absorbs rounding of segment targets, not real steps).</summary>
    public const double SameLoadTolerance = 0.01;

    /// <summary>The most levels a ramp is cut into: enough to place the breakpoint within a tenth of the range, few enough that each level has samples.</summary>
    public const int MaxRampLevels = 10;

    /// <summary>
    /// An open model whose achieved start rate falls below 90% of its target did not deliver its load; one whose
    /// requests finish at under 90% of the pace its starts call for is not keeping up (work queues up inside).
    /// </summary>
    public const double MinDeliveredFraction = 0.9;

    /// <summary>p95 degraded sharply between two levels when it became at least 1.5 times as high and <see cref="DegradationMinMilliseconds"/> higher.</summary>
    public const double DegradationFactor = 1.5;

    /// <summary>The least rise, in milliseconds, that is a degradation: sub-millisecond wobble is not one, whatever its factor.</summary>
    public const double DegradationMinMilliseconds = 1;

    public const string UsersUnit = "users";
    public const string RateUnit = "iterations/s";

    public static BreakpointAnalysis? Analyze(LoadTestResult result, IReadOnlyList<CompiledThreshold> thresholds)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (result.Model is not (LoadModel.RampingVus or LoadModel.RampingArrivalRate) || result.Timeline.Count == 0)
        {
            return null;
        }

        var open = result.Model == LoadModel.RampingArrivalRate;

        // Step-scoped thresholds cannot be judged per level: the timeline carries all requests together, not each step.
        // Throughput and count thresholds are not judged per level either: both grow with the load and the level's
        // length, so they would fail every low level by design. Whether the load itself was delivered is judged instead.
        // Checks are not in the timeline.
        var judged = thresholds
            .Where(t => t.Step is null && t.Expression.Metric is not (ThresholdMetric.Throughput or ThresholdMetric.Count or ThresholdMetric.Checks))
            .ToList();
        var unit = open ? RateUnit : UsersUnit;

        // An open model keeps starting iterations when the system saturates, so a saturated level shows as requests
        // finishing slower than iterations start, even with no threshold set. How many requests a start calls for is
        // read from the run's finished iterations: per started one, the saturated levels' backlog would lower it.
        var requestsPerIteration = result.Iterations.Completed > 0 && result.Requests.Count > 0 ? (double)result.Requests.Count / result.Iterations.Completed : 1;
        var rules = new Rules(judged, open, unit, requestsPerIteration);
        var grouped = Group(result.Timeline)
            .Select(level => (Level: level, Judged: Judge(level, rules)))
            .Where(l => open || l.Judged.Requests > 0)
            .OrderBy(l => l.Judged.TargetLoad)
            .ToList();
        var levels = grouped.Select(l => l.Judged).ToList();
        if (levels.Count == 0)
        {
            return null;
        }

        // The first failure is the breakpoint even if the next level passes again: that single later pass is usually a
        // level whose requests had not finished yet, not a system that recovered under more load. A failure followed by
        // two passing levels, though, is a blip (a GC pause, a noisy neighbour): the system held more load after it, so
        // it stays listed in Levels but does not end the search.
        var firstFailure = -1;
        for (var i = 0; i < levels.Count; i++)
        {
            var blip = i + 2 < levels.Count && levels[i + 1].Passed && levels[i + 2].Passed;
            if (!levels[i].Passed && !blip)
            {
                firstFailure = i;
                break;
            }
        }

        var sustainedIndex = firstFailure < 0 ? levels.FindLastIndex(l => l.Passed)
            : firstFailure == 0 ? -1
            : levels.FindLastIndex(firstFailure - 1, firstFailure, l => l.Passed);
        var sustained = sustainedIndex < 0 ? null : levels[sustainedIndex];
        var broken = firstFailure < 0 ? null : levels[firstFailure];
        var (sustainedLoad, breakingLoad) = (sustained?.TargetLoad, broken?.TargetLoad);
        if (broken is not null
            && Refine(sustainedIndex == firstFailure - 1 && sustainedIndex >= 0 ? grouped[sustainedIndex].Level : null, grouped[firstFailure].Level, rules) is { } refined)
        {
            breakingLoad = refined.Breaking;
            sustainedLoad = sustainedLoad is { } s ? Math.Min(s, refined.Sustained ?? s) : refined.Sustained;
        }

        return new BreakpointAnalysis
        {
            LoadUnit = unit,
            Levels = levels,
            MaxSustainableLoad = sustainedLoad,
            MaxSustainableThroughput = sustained?.Throughput,
            BreakingLoad = breakingLoad,
            BrokenBy = broken?.Failures ?? [],
            DegradationPoints = Degradations(levels),
        };
    }

    /// <summary>Merges the interval histograms of <paramref name="points"/> into one.</summary>
    public static LongHistogram Merge(IEnumerable<TimelinePoint> points)
    {
        var merged = HistogramCodec.Create();
        foreach (var point in points)
        {
            if (point.Histogram is not null)
            {
                merged.Add(HistogramCodec.Decode(point.Histogram));
            }
        }

        return merged;
    }

    /// <summary>
    /// Cuts the timeline into levels. Only the climb counts:
    /// <list type="bullet">
    /// <item>the first interval is left out when there are others: it carries JIT, connection and pool warm-up, and at
    /// the lowest load its few requests would let a cold start fail the level every other is measured against;</item>
    /// <item>trailing intervals in which nothing started are the drain after the last stage (graceful stop);</item>
    /// <item>points with no target, and points whose target fell more than 1% below the highest reached so far
    /// (ramp-down, cool-down), are left out: there the system drains queues built at a higher load, which would blame a
    /// lower level for it.</item>
    /// </list>
    /// What remains is cut in two ways. A hold is a run of two or more consecutive points whose targets stay within 1%
    /// of the run's first and do not rise at every point (a slow ramp rises at every point, a hold does not); each hold
    /// is one level at its median target. Every other point is on a ramp: ramp points are binned into at most
    /// <see cref="MaxRampLevels"/> levels of equal target width between the lowest and highest target of the climb, and
    /// such a level's target is its time-weighted average target, each interval counted at the mean of its start and
    /// end targets (the target a point carries is the one at its end, which on a ramp is higher than what the interval
    /// asked for on average).
    /// </summary>
    private static List<Level> Group(IReadOnlyList<TimelinePoint> timeline)
    {
        var points = timeline.OrderBy(p => p.Index).ToList();
        var end = points.Count;
        while (end > 1 && points[end - 1].IterationsStarted == 0 && points[end - 1].IterationsDropped == 0)
        {
            end--;
        }

        var climb = new List<(TimelinePoint Point, double AverageTarget)>();
        var highest = double.MinValue;
        for (var i = 0; i < end; i++)
        {
            var point = points[i];
            var previousTarget = i == 0 ? point.TargetLoad : points[i - 1].TargetLoad;
            var falling = point.TargetLoad < highest * (1 - SameLoadTolerance);
            highest = Math.Max(highest, point.TargetLoad);
            if ((i > 0 || end == 1) && point.TargetLoad > 0 && !falling)
            {
                climb.Add((point, (previousTarget + point.TargetLoad) / 2));
            }
        }

        if (climb.Count == 0)
        {
            return [];
        }

        var levels = new List<Level>();
        var ramp = new List<(TimelinePoint Point, double AverageTarget)>();
        for (var start = 0; start < climb.Count;)
        {
            var first = climb[start].Point.TargetLoad;
            var next = start + 1;
            var rising = true;
            while (next < climb.Count && SameLoad(first, climb[next].Point.TargetLoad))
            {
                rising &= climb[next].Point.TargetLoad > climb[next - 1].Point.TargetLoad;
                next++;
            }

            var run = climb.GetRange(start, next - start);
            if (run.Count >= 2 && !rising)
            {
                var targets = run.Select(p => p.Point.TargetLoad).Order().ToList();
                var median = targets.Count % 2 == 1 ? targets[targets.Count / 2] : (targets[(targets.Count / 2) - 1] + targets[targets.Count / 2]) / 2;
                levels.Add(new Level(median, [.. run.Select(p => p.Point)], [.. run.Select(_ => median)], Ramp: false));
            }
            else
            {
                ramp.AddRange(run);
            }

            start = next;
        }

        if (ramp.Count > 0)
        {
            var low = climb.Min(p => p.Point.TargetLoad);
            var width = (climb.Max(p => p.Point.TargetLoad) - low) / MaxRampLevels;
            foreach (var bin in ramp.GroupBy(p => width <= 0 ? 0 : Math.Min(MaxRampLevels - 1, (int)((p.Point.TargetLoad - low) / width))))
            {
                var seconds = bin.Sum(p => p.Point.Interval.TotalSeconds);
                var target = seconds > 0 ? bin.Sum(p => p.AverageTarget * p.Point.Interval.TotalSeconds) / seconds : bin.Average(p => p.AverageTarget);
                levels.Add(new Level(target, [.. bin.Select(p => p.Point)], [.. bin.Select(p => p.AverageTarget)], Ramp: true));
            }
        }

        return levels;
    }

    private static bool SameLoad(double a, double b) => Math.Abs(a - b) <= SameLoadTolerance * Math.Max(Math.Abs(a), Math.Abs(b));

    /// <summary>
    /// Places the break inside the first failing level when that level is a bin of a ramp: a bin spans a tenth of the
    /// ramp, so its average target can be well above where the system stopped coping. Its intervals, and those of the
    /// passing bin below it, are judged one by one; between the last interval that held and the first that failed for
    /// good, the break is where a threshold crossed its limit (interpolated on the observed values) or, for an open
    /// model that stopped keeping up, the rate at which the system still finished iterations: its capacity. A failure
    /// of a single interval followed by one that holds is noise and does not end the search.
    /// </summary>
    /// <returns>The breaking load and the highest load that held, or <see langword="null"/> when the level is a hold or no single interval fails.</returns>
    private static (double Breaking, double? Sustained)? Refine(Level? below, Level broken, Rules rules)
    {
        if (!broken.Ramp)
        {
            return null;
        }

        var intervals = (below is { Ramp: true } ? below.Points.Zip(below.Averages) : [])
            .Concat(broken.Points.Zip(broken.Averages))
            .OrderBy(p => p.Second)
            .Select(p => (Point: p.First, Load: p.Second, Judged: Judge(new Level(p.Second, [p.First], [p.Second], Ramp: true), rules)))
            .ToList();
        var k = -1;
        for (var i = 0; i < intervals.Count; i++)
        {
            if (!intervals[i].Judged.Passed && (i + 1 == intervals.Count || !intervals[i + 1].Judged.Passed))
            {
                k = i;
                break;
            }
        }

        if (k < 0)
        {
            return null;
        }

        var fail = intervals[k];
        if (k == 0)
        {
            return (fail.Load, null);
        }

        var pass = intervals[k - 1];
        var candidates = new List<double>();
        foreach (var threshold in rules.Thresholds)
        {
            var before = threshold.Judge(pass.Point.Requests, pass.Point.Errors, pass.Point.Interval, Merge([pass.Point]));
            var after = threshold.Judge(fail.Point.Requests, fail.Point.Errors, fail.Point.Interval, Merge([fail.Point]));
            if (before.Passed && !after.Passed && after.Observed != before.Observed)
            {
                var fraction = Math.Clamp((threshold.Expression.Value - before.Observed) / (after.Observed - before.Observed), 0, 1);
                candidates.Add(pass.Load + (fraction * (fail.Load - pass.Load)));
            }
        }

        if (rules.Open && fail.Judged.Failures.Any(f => f.StartsWith("not keeping up", StringComparison.Ordinal) || f.StartsWith("load not delivered", StringComparison.Ordinal)))
        {
            // Past its capacity a system finishes what it can: that rate is the load it could take.
            candidates.Add(fail.Judged.Throughput / rules.RequestsPerIteration);
        }

        var breaking = candidates.Count == 0 ? (pass.Load + fail.Load) / 2 : candidates.Min();
        breaking = Math.Clamp(breaking, intervals[0].Load, fail.Load);
        return (breaking, Math.Min(pass.Load, breaking));
    }

    private static LoadLevel Judge(Level level, Rules rules)
    {
        var duration = TimeSpan.FromTicks(level.Points.Sum(p => p.Interval.Ticks));
        var requests = level.Points.Sum(p => p.Requests);
        var errors = level.Points.Sum(p => p.Errors);
        var started = level.Points.Sum(p => p.IterationsStarted);
        var dropped = level.Points.Sum(p => p.IterationsDropped);
        var histogram = Merge(level.Points);
        var seconds = duration.TotalSeconds;
        var iterationRate = seconds > 0 ? started / seconds : 0;

        var failures = new List<string>();
        foreach (var threshold in rules.Thresholds)
        {
            var judged = threshold.Judge(requests, errors, duration, histogram);
            if (!judged.Passed)
            {
                failures.Add(judged.ToString());
            }
        }

        if (dropped > 0)
        {
            failures.Add($"{Figures.Count(dropped)} arrivals dropped ({Figures.Percent((double)dropped / (started + dropped))} of {Figures.Count(started + dropped)})");
        }

        if (rules.Open && iterationRate < MinDeliveredFraction * level.Target)
        {
            failures.Add($"load not delivered: {Figures.PerSecond(iterationRate)} of {Figures.Load(level.Target, rules.Unit)}");
        }

        var called = iterationRate * rules.RequestsPerIteration;
        var throughput = seconds > 0 ? requests / seconds : 0;
        if (rules.Open && throughput < MinDeliveredFraction * called)
        {
            failures.Add($"not keeping up: {Figures.PerSecond(throughput)} requests finished of {Figures.PerSecond(called)} started");
        }

        return new LoadLevel
        {
            TargetLoad = level.Target,
            Duration = duration,
            Requests = requests,
            Throughput = throughput,
            IterationRate = iterationRate,
            ErrorRate = requests == 0 ? 0 : (double)errors / requests,
            P95 = histogram.TotalCount == 0 ? 0 : HistogramCodec.Millis(histogram.GetValueAtPercentile(95)),
            P99 = histogram.TotalCount == 0 ? 0 : HistogramCodec.Millis(histogram.GetValueAtPercentile(99)),
            Dropped = dropped,
            Passed = failures.Count == 0,
            Failures = failures,
        };
    }

    private static List<DegradationPoint> Degradations(List<LoadLevel> levels)
    {
        var points = new List<DegradationPoint>();
        for (var i = 1; i < levels.Count; i++)
        {
            var (from, to) = (levels[i - 1], levels[i]);
            if (from.Requests > 0 && to.Requests > 0 && IsSharpRise(from.P95, to.P95))
            {
                points.Add(new DegradationPoint(from.TargetLoad, to.TargetLoad, from.P95, to.P95));
            }
        }

        return points;
    }

    /// <summary>Whether a p95 rose sharply: by <see cref="DegradationFactor"/> and by <see cref="DegradationMinMilliseconds"/>.</summary>
    public static bool IsSharpRise(double fromP95, double toP95) =>
        toP95 >= DegradationFactor * fromP95 && toP95 - fromP95 >= DegradationMinMilliseconds;

    /// <summary>A level: its target, its points and, for each point, the target it asked for on average.</summary>
    private sealed record Level(double Target, List<TimelinePoint> Points, List<double> Averages, bool Ramp);

    private sealed record Rules(List<CompiledThreshold> Thresholds, bool Open, string Unit, double RequestsPerIteration);
}
