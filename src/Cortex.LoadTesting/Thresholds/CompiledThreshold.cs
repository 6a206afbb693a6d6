using System.Globalization;
using Cortex.Abstractions.Slo;
using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Results;
using HdrHistogram;

namespace Cortex.LoadTesting.Thresholds;

/// <summary>A threshold or SLO target ready to judge a run: its expression, its scope and its abort rule.</summary>
internal sealed record CompiledThreshold(ThresholdExpression Expression, string? Step, string Source, bool AbortOnFail, TimeSpan DelayAbortEvaluation)
{
    public const string ThresholdSource = "threshold";

    /// <summary>Gets the tags of a tag scope (<c>{type:write}</c>): the threshold judges every step carrying them, together; <see langword="null"/> for a step scope or none.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; } = ThresholdScope.TagsOf(Step);
    public const string SloSource = "slo";

    /// <summary>The run's thresholds followed by one per SLO target that is set. Assumes validated options.</summary>
    public static IReadOnlyList<CompiledThreshold> From(LoadTestOptions options)
    {
        var list = new List<CompiledThreshold>();
        foreach (var t in options.Thresholds)
        {
            list.Add(new CompiledThreshold(ThresholdExpression.Parse(t.Expression), string.IsNullOrWhiteSpace(t.Step) ? null : t.Step, ThresholdSource, t.AbortOnFail, t.DelayAbortEvaluation));
        }

        if (options.SloTargets is { } slo)
        {
            AddSlo(list, "p(50)<=", slo.MaxResponseTimeP50?.TotalMilliseconds);
            AddSlo(list, "p(90)<=", slo.MaxResponseTimeP90?.TotalMilliseconds);
            AddSlo(list, "p(95)<=", slo.MaxResponseTimeP95?.TotalMilliseconds);
            AddSlo(list, "p(99)<=", slo.MaxResponseTimeP99?.TotalMilliseconds);
            AddSlo(list, "rate<=", slo.MaxErrorRate);
            AddSlo(list, "throughput>=", slo.MinThroughput);
            AddSlo(list, "availability>=", slo.MinAvailability);
        }

        return list;
    }

    /// <summary>Recreates the thresholds a result was judged by (to judge a merged result again).</summary>
    public static IReadOnlyList<CompiledThreshold> From(IEnumerable<ThresholdResult> results) =>
        [.. results.Select(r => new CompiledThreshold(ThresholdExpression.Parse(r.Expression), r.Step, r.Source, r.AbortOnFail, TimeSpan.Zero))];

    public ThresholdResult Judge(long count, long errors, TimeSpan period, HistogramBase? latency, bool causedAbort = false)
    {
        var observed = Expression.Observe(count, errors, period, latency);
        return new ThresholdResult
        {
            Expression = Expression.Text,
            Step = Step,
            Source = Source,
            Observed = observed,
            Passed = Expression.IsMet(observed),
            AbortOnFail = AbortOnFail,
            CausedAbort = causedAbort,
        };
    }

    /// <summary>Judges a <c>checks:</c> threshold: the checks of the run, or of the steps <see cref="Step"/> names (<c>step</c> or <c>scenario/step</c>).</summary>
    public ThresholdResult JudgeChecks(IEnumerable<CheckSummary> checks, bool causedAbort = false)
    {
        long total = 0, fails = 0;
        foreach (var c in checks)
        {
            if (Step is null || InScope(Step, c.Scenario, c.Step))
            {
                total += c.Passes + c.Fails;
                fails += c.Fails;
            }
        }

        return Judge(total, fails, TimeSpan.Zero, null, causedAbort);
    }

    private static bool InScope(string scope, string scenario, string step)
    {
        var slash = scope.IndexOf('/', StringComparison.Ordinal);
        return slash >= 0
            ? string.Equals(scope[..slash], scenario, StringComparison.Ordinal) && string.Equals(scope[(slash + 1)..], step, StringComparison.Ordinal)
            : string.Equals(scope, step, StringComparison.Ordinal);
    }

    /// <summary>Judges against a finished result: all requests, the step named by <see cref="Step"/>, or the steps its <see cref="Tags"/> select.</summary>
    public ThresholdResult Judge(LoadTestResult result)
    {
        if (Expression.Metric == ThresholdMetric.Checks)
        {
            return JudgeChecks(result.Checks);
        }

        if (Tags is { } tags)
        {
            var tagged = result.Scenarios.SelectMany(sc => sc.Steps).Where(st => ThresholdScope.Matches(tags, st.Tags)).ToList();
            return tagged.Count == 0
                ? Unjudged()
                : Judge(tagged.Sum(st => st.Count), tagged.Sum(st => st.Errors), result.Duration, Expression.IsLatency ? Sum(tagged.Select(st => HistogramCodec.Decode(st.Latency.Histogram))) : null);
        }

        var target = Step is null ? result.Requests : FindStep(Step, result.Scenarios.Select(sc => (sc.Name, sc.Steps.Select(st => (st.Name, st)))));
        if (target is null)
        {
            return Unjudged();
        }

        var histogram = Expression.IsLatency ? HistogramCodec.Decode(target.Latency.Histogram) : null;
        return Judge(target.Count, target.Errors, result.Duration, histogram);
    }

    /// <summary>Judges live figures: every step the <see cref="Tags"/> select, together.</summary>
    public ThresholdResult Judge(IReadOnlyList<Execution.OperationMetrics> tagged, TimeSpan period, bool causedAbort) =>
        Judge(tagged.Sum(m => m.TotalService.TotalCount), tagged.Sum(m => m.TotalErrors), period, Expression.IsLatency ? Sum(tagged.Select(m => m.TotalLatency)) : null, causedAbort);

    /// <summary>The histograms of several steps as one (a copy; the steps' own are left alone).</summary>
    private static LongHistogram Sum(IEnumerable<HistogramBase?> histograms)
    {
        var sum = HistogramCodec.Create();
        foreach (var h in histograms)
        {
            if (h is not null)
            {
                sum.Add(h);
            }
        }

        return sum;
    }

    private ThresholdResult Unjudged() =>
        new() { Expression = Expression.Text, Step = Step, Source = Source, Observed = double.NaN, Passed = false, AbortOnFail = AbortOnFail };

    /// <summary>
    /// Finds the first step a threshold's scope names, in scenario order: <c>step</c> (any scenario) or
    /// <c>scenario/step</c>. One rule for the engine, the validator and finished results.
    /// </summary>
    public static T? FindStep<T>(string scope, IEnumerable<(string Scenario, IEnumerable<(string Step, T Value)> Steps)> scenarios)
        where T : class
    {
        var slash = scope.IndexOf('/', StringComparison.Ordinal);
        var scenarioName = slash >= 0 ? scope[..slash] : null;
        var stepName = slash >= 0 ? scope[(slash + 1)..] : scope;
        foreach (var (scenario, steps) in scenarios)
        {
            if (scenarioName is not null && !string.Equals(scenario, scenarioName, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var (step, value) in steps)
            {
                if (string.Equals(step, stepName, StringComparison.Ordinal))
                {
                    return value;
                }
            }
        }

        return null;
    }

    private static void AddSlo(List<CompiledThreshold> list, string prefix, double? value)
    {
        if (value is { } v)
        {
            list.Add(new CompiledThreshold(ThresholdExpression.Parse(prefix + v.ToString("R", CultureInfo.InvariantCulture)), null, SloSource, false, TimeSpan.Zero));
        }
    }
}
