using Cortex.Internal;
using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Thresholds;
namespace Cortex.LoadTesting.Analysis;

/// <summary>
/// Derives advice from a finished result. Every message is built from the result's own figures, so two runs that
/// measured different things never read the same; a rule that has nothing to say about a run says nothing.
/// </summary>
internal static class RecommendationEngine
{
    /// <summary>A step dominates when it takes at least half of request time and <see cref="DominantLead"/> times the next step's.</summary>
    private const double DominantShare = 0.5;

    /// <summary>How many times the next step's time a dominant step takes: with two steps one always has half, so half alone says nothing.</summary>
    private const double DominantLead = 2;

    /// <summary>Corrected p99 this many times the service-time p99 means iterations started late (coordinated omission).</summary>
    private const double StallFactor = 2;

    /// <summary>The slowdown a suggested threshold should catch, when a run has none.</summary>
    private const double SuggestedThresholdMargin = 1.5;

    /// <summary>The advice, most important first: what failed, then why, then where to look, then how much room is left.</summary>
    public static IReadOnlyList<Recommendation> Derive(LoadTestResult result, int? maxUsers)
    {
        ArgumentNullException.ThrowIfNull(result);
        Recommendation?[] all =
        [
            FailedThresholds(result),
            Errors(result),
            Dropped(result, maxUsers),
            Breakpoint(result),
            Stall(result),
            DominantStep(result),
            Headroom(result),
        ];
        return [.. all.OfType<Recommendation>()];
    }

    private static Recommendation? FailedThresholds(LoadTestResult result)
    {
        var failed = result.Thresholds.Where(t => !t.Passed).ToList();
        if (failed.Count == 0)
        {
            return null;
        }

        var steps = failed.Select(t => t.Step).Distinct().ToList();
        return new Recommendation(
            RecommendationCategory.Thresholds,
            $"{(result.Thresholds.Count == 1 ? "The one threshold failed" : $"{failed.Count} of {result.Thresholds.Count} thresholds failed")}: {string.Join("; ", failed.Select(t => t.ToString()))}.",
            steps.Count == 1 ? steps[0] : null);
    }

    private static Recommendation? Errors(LoadTestResult result)
    {
        var requests = result.Requests;
        if (requests.Errors == 0)
        {
            return null;
        }

        var message = $"{Figures.Percent(requests.ErrorRate)} of requests failed ({Figures.Count(requests.Errors)} of {Figures.Count(requests.Count)})";
        string? step = null;
        var top = result.Errors
            .GroupBy(e => e.ErrorType, StringComparer.Ordinal)
            .Select(g => (Type: g.Key, Count: g.Sum(e => e.Count), Steps: g.GroupBy(e => e.Step, StringComparer.Ordinal).Select(s => (Step: s.Key, Count: s.Sum(e => e.Count))).OrderByDescending(s => s.Count).ToList()))
            .OrderByDescending(g => g.Count)
            .FirstOrDefault();
        if (top.Type is not null)
        {
            var total = Math.Max(1, result.Errors.Sum(e => e.Count));
            var (topStep, topStepCount) = top.Steps[0];
            step = topStep;
            message += $"; the most frequent is '{top.Type}' at {Figures.Percent((double)top.Count / total)} of them, "
                + $"{Figures.Percent((double)topStepCount / top.Count)} of those in step '{topStep}'";
        }

        var failed = result.Thresholds.Where(t => !t.Passed).Select(t => (Result: t, Kind: KindOf(t))).ToList();
        var errorFailures = failed.Where(f => f.Kind == ThresholdKind.Errors).Select(f => f.Result.ToString()).ToList();
        var latencyFailures = failed.Where(f => f.Kind == ThresholdKind.Latency).Select(f => f.Result.ToString()).ToList();
        var latencyThresholds = result.Thresholds.Any(t => KindOf(t) == ThresholdKind.Latency);
        var allFailed = requests.Errors >= requests.Count;
        var latencyHeld = !latencyThresholds ? ""
            : allFailed ? "; every request failed, so the latencies are those of the failures and say nothing of the system"
            : " while every latency threshold held";
        message += (errorFailures.Count > 0, latencyFailures.Count > 0) switch
        {
            (true, true) => $". The run is both error-bound and latency-bound: {string.Join("; ", errorFailures.Concat(latencyFailures))} failed.",
            (true, false) => $". The run is error-bound: {string.Join("; ", errorFailures)} failed{latencyHeld}; fix the failures before tuning speed.",
            (false, true) => $". The run is latency-bound, not error-bound: {string.Join("; ", latencyFailures)} failed while the error thresholds held.",
            _ => ".",
        };
        return new Recommendation(RecommendationCategory.Errors, message, step);
    }

    private static Recommendation? Dropped(LoadTestResult result, int? maxUsers)
    {
        var dropped = result.Iterations.Dropped;
        if (dropped == 0)
        {
            return null;
        }

        var arrivals = result.Iterations.Started + dropped;
        var message = $"{Figures.Percent((double)dropped / arrivals)} of arrivals were dropped ({Figures.Count(dropped)} of {Figures.Count(arrivals)})";
        var peak = result.PeakActiveUsers;
        var busy = maxUsers is { } max ? $"peak {Figures.Count(peak)} of {Figures.Count(max)} busy" : $"peak {Figures.Count(peak)} busy";
        var thirds = FirstAndLastThirdP95(result.Timeline);
        if (thirds is { } rise && BreakpointAnalyzer.IsSharpRise(rise.First, rise.Last))
        {
            return new Recommendation(
                RecommendationCategory.Capacity,
                $"{message} and p95 rose from {Figures.Milliseconds(rise.First)} in the first third of the run to {Figures.Milliseconds(rise.Last)} in the last: "
                + $"the system is past its capacity ({busy}); more virtual users would only queue more work, so lower the rate or scale the system.");
        }

        var held = thirds is { } flat ? $" while p95 held ({Figures.Milliseconds(flat.First)} in the first third, {Figures.Milliseconds(flat.Last)} in the last)" : "";
        if (maxUsers is { } limit && peak >= limit)
        {
            return new Recommendation(
                RecommendationCategory.Generator,
                $"{message}{held}: every virtual user was busy, so the generator, not the system, was the limit; raise maxUsers ({busy}).");
        }

        return new Recommendation(
            RecommendationCategory.Generator,
            $"{message}{held} with virtual users to spare ({busy}): the generator could not start iterations on time; give it more CPU or split the load into segments.");
    }

    private static Recommendation? Breakpoint(LoadTestResult result)
    {
        if (result.Breakpoint is not { } analysis)
        {
            return null;
        }

        var unit = analysis.LoadUnit;
        var message = (analysis.MaxSustainableLoad, analysis.BreakingLoad) switch
        {
            ({ } load, { } breaking) =>
                $"Sustains {Figures.Load(load, unit)} ({Figures.Number(analysis.MaxSustainableThroughput ?? 0)} requests/s) with every threshold held; at {Figures.Load(breaking, unit)} it broke: {string.Join("; ", analysis.BrokenBy)}.",
            ({ } load, null) =>
                $"Held at every level up to {Figures.Load(load, unit)} ({Figures.Number(analysis.MaxSustainableThroughput ?? 0)} requests/s): the breakpoint lies above the tested range; ramp higher to find it.",
            (null, { } breaking) =>
                $"Broke already at the lowest level, {Figures.Load(breaking, unit)}: {string.Join("; ", analysis.BrokenBy)}; start the ramp lower.",
            _ => null,
        };
        if (message is null)
        {
            return null;
        }

        if (analysis.DegradationPoints.Count > 0)
        {
            var jump = analysis.DegradationPoints[0];
            message += $" p95 first jumped {Figures.Number(jump.Factor)}x between {Figures.Number(jump.FromLoad)} and {Figures.Load(jump.ToLoad, unit)} ({Figures.Milliseconds(jump.FromP95)} to {Figures.Milliseconds(jump.ToP95)}).";
        }

        return new Recommendation(RecommendationCategory.Capacity, message);
    }

    private static Recommendation? Stall(LoadTestResult result)
    {
        var corrected = result.Requests.Latency.P99;
        var service = result.Requests.ServiceTime.P99;
        if (service <= 0 || corrected < StallFactor * service)
        {
            return null;
        }

        return new Recommendation(
            RecommendationCategory.Latency,
            $"Corrected p99 is {Figures.Number(corrected / service)}x the service-time p99 ({Figures.Milliseconds(corrected)} against {Figures.Milliseconds(service)}): "
            + "iterations started late because the system or the generator stalled; users would have waited the corrected time.");
    }

    private static Recommendation? DominantStep(LoadTestResult result)
    {
        var named = result.Scenarios.Count > 1;
        var steps = result.Scenarios
            .SelectMany(s => s.Steps.Select(step => (Name: named ? $"{s.Name}/{step.Name}" : step.Name, Step: step, Time: step.Count * step.ServiceTime.Mean)))
            .Where(s => s.Step.Count > 0)
            .OrderByDescending(s => s.Time)
            .ToList();
        var total = steps.Sum(s => s.Time);
        if (steps.Count < 2 || total <= 0)
        {
            return null;
        }

        var (top, next) = (steps[0], steps[1]);
        var advice = top.Time / total >= DominantShare && top.Time >= DominantLead * next.Time
            ? "optimize it first"
            : $"no step dominates: the next, '{next.Name}', takes {Figures.Percent(next.Time / total)}";
        return new Recommendation(
            RecommendationCategory.Latency,
            $"Step '{top.Name}' takes {Figures.Percent(top.Time / total)} of request time (p95 {Figures.Milliseconds(top.Step.ServiceTime.P95)}, {Figures.Count(top.Step.Count)} calls); {advice}.",
            top.Name);
    }

    private static Recommendation? Headroom(LoadTestResult result)
    {
        if (result.Thresholds.Count == 0)
        {
            if (result.Requests.Count == 0)
            {
                return null;
            }

            var p95 = result.Requests.Latency.P95;
            var limit = Math.Ceiling(p95 * SuggestedThresholdMargin);
            return new Recommendation(
                RecommendationCategory.Thresholds,
                $"No thresholds or SLO targets were set, so this run cannot fail; it measured p95 {Figures.Milliseconds(p95)} at an error rate of {Figures.Percent(result.Requests.ErrorRate)}: "
                + $"p(95)<{Figures.Number(limit)} would catch a {Figures.Percent(SuggestedThresholdMargin - 1)} slowdown.");
        }

        if (result.Thresholds.Any(t => !t.Passed))
        {
            return null;
        }

        // Latency thresholds first: they are the ones a slower build moves.
        var candidates = result.Thresholds
            .Select(t => (Result: t, Room: RoomOf(t)))
            .Where(c => c.Room is not null)
            .OrderByDescending(c => KindOf(c.Result) == ThresholdKind.Latency)
            .ThenBy(c => c.Room)
            .ToList();
        var one = result.Thresholds.Count == 1;
        var held = one ? "The one threshold held" : $"All {result.Thresholds.Count} thresholds held";
        if (candidates.Count == 0)
        {
            return new Recommendation(RecommendationCategory.Thresholds, $"{held}: {string.Join("; ", result.Thresholds.Select(t => t.ToString()))}.");
        }

        var (tightest, room) = candidates[0];
        var headroom = one
            ? $"{held} with {Figures.Percent(room!.Value)} headroom"
            : $"{held}; the tightest{(KindOf(tightest) == ThresholdKind.Latency ? " latency one" : "")} has {Figures.Percent(room!.Value)} headroom";
        return new Recommendation(RecommendationCategory.Thresholds, $"{headroom}: {tightest.ToString()}.", tightest.Step);
    }

    /// <summary>How far the observed value is from the limit, as a fraction of the limit, or <see langword="null"/> for equality checks and zero limits.</summary>
    private static double? RoomOf(ThresholdResult threshold)
    {
        if (!ThresholdExpression.TryParse(threshold.Expression, out var expression, out _) || expression!.Value == 0 || double.IsNaN(threshold.Observed))
        {
            return null;
        }

        return expression.Operator switch
        {
            "<" or "<=" => (expression.Value - threshold.Observed) / expression.Value,
            ">" or ">=" => (threshold.Observed - expression.Value) / expression.Value,
            _ => null,
        };
    }

    private static ThresholdKind KindOf(ThresholdResult threshold) =>
        !ThresholdExpression.TryParse(threshold.Expression, out var expression, out _) ? ThresholdKind.Other
        : expression!.IsLatency ? ThresholdKind.Latency
        : expression.Metric is ThresholdMetric.ErrorRate or ThresholdMetric.Availability ? ThresholdKind.Errors
        : ThresholdKind.Other;

    /// <summary>The p95 of the first and the last third of the timeline, or <see langword="null"/> when it is too short or carries no latencies.</summary>
    private static (double First, double Last)? FirstAndLastThirdP95(IReadOnlyList<TimelinePoint> timeline)
    {
        var third = timeline.Count / 3;
        if (third == 0)
        {
            return null;
        }

        var ordered = timeline.OrderBy(p => p.Index).ToList();
        var first = BreakpointAnalyzer.Merge(ordered.Take(third));
        var last = BreakpointAnalyzer.Merge(ordered.Skip(ordered.Count - third));
        if (first.TotalCount == 0 || last.TotalCount == 0)
        {
            return null;
        }

        return (HistogramCodec.Millis(first.GetValueAtPercentile(95)), HistogramCodec.Millis(last.GetValueAtPercentile(95)));
    }

    private enum ThresholdKind
    {
        Other,
        Latency,
        Errors,
    }
}
