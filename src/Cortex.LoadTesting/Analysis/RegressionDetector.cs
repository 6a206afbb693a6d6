using Cortex.Internal;
using System.Globalization;
using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Results;

namespace Cortex.LoadTesting.Analysis;

/// <summary>Compares a run with a baseline run and says whether, where and how badly it regressed.</summary>
public static class RegressionDetector
{
    private const string RequestsScope = "requests";
    private const double CriticalPercent = 50;
    private const double MajorPercent = 30;
    private const int VerdictItems = 3;

    private static readonly Metric[] Metrics =
    [
        new("p50", MetricKind.Latency, o => o.Latency.P50, CanBeCritical: false),
        new("p95", MetricKind.Latency, o => o.Latency.P95, CanBeCritical: true),
        new("p99", MetricKind.Latency, o => o.Latency.P99, CanBeCritical: true),
        new("mean", MetricKind.Latency, o => o.Latency.Mean, CanBeCritical: false),
        new("error_rate", MetricKind.ErrorRate, o => o.ErrorRate, CanBeCritical: true),
        new("throughput", MetricKind.Throughput, o => o.Throughput, CanBeCritical: true),
    ];

    private enum MetricKind
    {
        Latency,
        ErrorRate,
        Throughput,
    }

    /// <summary>Compares <paramref name="current"/> with <paramref name="baseline"/>.</summary>
    /// <param name="baseline">The run to compare against.</param>
    /// <param name="current">The run to judge.</param>
    /// <param name="options">The noise guard; <see langword="null"/> for the defaults.</param>
    /// <returns>The comparison and its verdict.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="baseline"/> or <paramref name="current"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option of the noise guard is negative (or the error-rate change is above 1).</exception>
    public static RegressionReport Compare(LoadTestResult baseline, LoadTestResult current, RegressionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        options ??= new RegressionOptions();
        Validate(options);

        var comparisons = new List<MetricComparison>();
        var pair = new RunPair(current.Duration, options);
        pair.Compare(RequestsScope, baseline.Requests, current.Requests, comparisons);

        // A test of one step has the same figures for the step as for all requests: show them once.
        foreach (var scenario in IsOneStep(baseline) && IsOneStep(current) ? [] : baseline.Scenarios)
        {
            var other = current.Scenarios.FirstOrDefault(s => string.Equals(s.Name, scenario.Name, StringComparison.Ordinal));
            foreach (var step in scenario.Steps)
            {
                var match = other?.Steps.FirstOrDefault(s => string.Equals(s.Name, step.Name, StringComparison.Ordinal));
                if (match is not null && step.Count >= options.MinSamples && match.Count >= options.MinSamples)
                {
                    pair.Compare($"{scenario.Name}/{step.Name}", step, match, comparisons);
                }
            }
        }

        var ordered = comparisons.OrderByDescending(c => c.Severity).ThenByDescending(c => c.RegressionPercent).ToList();
        var severity = ordered.Count == 0 ? RegressionSeverity.None : ordered[0].Severity;
        return new RegressionReport
        {
            Baseline = Label(baseline),
            Current = Label(current),
            Comparisons = ordered,
            Severity = severity,
            Warnings = Warnings(baseline, current),
            Verdict = Verdict(ordered, severity),
        };
    }

    private static bool IsOneStep(LoadTestResult result) => result.Scenarios.Count == 1 && result.Scenarios[0].Steps.Count == 1;

    /// <summary>A different model, or a target load (users or arrivals per second) more than 10% apart: the changes may be the load's.</summary>
    private static List<string> Warnings(LoadTestResult baseline, LoadTestResult current)
    {
        var warnings = new List<string>();
        if (baseline.Model != current.Model)
        {
            warnings.Add($"the runs used different load models ({LoadModels.ToName(baseline.Model)} and {LoadModels.ToName(current.Model)}): changes may come from the load, not the system");
            return warnings;
        }

        var (before, after) = (PeakTarget(baseline), PeakTarget(current));
        if (before > 0 && after > 0 && Math.Abs(after - before) / before > 0.1)
        {
            var unit = LoadModels.IsOpen(baseline.Model) ? "iterations/s" : "users";
            warnings.Add($"the runs had different load (peak {Figures.Load(before, unit)} and {Figures.Load(after, unit)}): changes may come from the load, not the system");
        }

        return warnings;
    }

    private static double PeakTarget(LoadTestResult result) => result.Timeline.Count == 0 ? 0 : result.Timeline.Max(p => p.TargetLoad);

    private static string Label(LoadTestResult result) => string.Create(CultureInfo.InvariantCulture, $"{result.TestName} @ {result.StartedAt:u}");

    private static string Verdict(List<MetricComparison> ordered, RegressionSeverity severity)
    {
        if (severity == RegressionSeverity.None)
        {
            return $"no regression ({ordered.Count} metrics compared, {ordered.Count(c => c.WithinNoise)} within noise)";
        }

        var regressed = ordered.Where(c => c.Severity != RegressionSeverity.None).ToList();
        var items = regressed.Take(VerdictItems).Select(Describe);
        var more = regressed.Count > VerdictItems ? $" and {regressed.Count - VerdictItems} more" : "";
        return $"regressed ({severity.ToString().ToLowerInvariant()}): {string.Join(", ", items)}{more}";
    }

    private static string Describe(MetricComparison c) => c.Metric switch
    {
        "error_rate" => $"{c.Scope} {c.Metric} {Figures.Change(c.ChangePercent)} ({Figures.Percent(c.Baseline)} -> {Figures.Percent(c.Current)})",
        "throughput" => $"{c.Scope} {c.Metric} {Figures.Change(c.ChangePercent)} ({Figures.PerSecond(c.Baseline)} -> {Figures.PerSecond(c.Current)})",
        _ => $"{c.Scope} {c.Metric} {Figures.Change(c.ChangePercent)} ({Figures.Number(c.Baseline)} -> {Figures.Milliseconds(c.Current)})",
    };

    private static void Validate(RegressionOptions options)
    {
        var problem = Check(options.NoisePercent >= 0, nameof(options.NoisePercent), options.NoisePercent, "0 or more")
            ?? Check(options.MinLatencyChangeMilliseconds >= 0, nameof(options.MinLatencyChangeMilliseconds), options.MinLatencyChangeMilliseconds, "0 or more")
            ?? Check(options.MinErrorRateChange is >= 0 and <= 1, nameof(options.MinErrorRateChange), options.MinErrorRateChange, "a fraction from 0 to 1")
            ?? Check(options.MinSamples >= 0, nameof(options.MinSamples), options.MinSamples, "0 or more");
        if (problem is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(options), problem);
        }
    }

    private static string? Check(bool valid, string name, double value, string expected) =>
        valid ? null : string.Create(CultureInfo.InvariantCulture, $"RegressionOptions.{name} is {value}; it must be {expected}.");

    private sealed record Metric(string Name, MetricKind Kind, Func<OperationSummary, double> Read, bool CanBeCritical);

    private sealed class RunPair(TimeSpan currentDuration, RegressionOptions options)
    {
        public void Compare(string scope, OperationSummary before, OperationSummary after, List<MetricComparison> into)
        {
            foreach (var metric in Metrics)
            {
                if (Change(metric, before, after) is { } change)
                {
                    var (b, a) = (metric.Read(before), metric.Read(after));
                    var natural = metric.Kind == MetricKind.Throughput ? (a - b) / b * 100 : change;
                    into.Add(Judge(scope, metric, b, a, change, natural));
                }
            }
        }

        /// <summary>The change in percent, positive when worse, or <see langword="null"/> when the metric cannot be compared.</summary>
        private double? Change(Metric metric, OperationSummary before, OperationSummary after)
        {
            var b = metric.Read(before);
            var a = metric.Read(after);
            switch (metric.Kind)
            {
                case MetricKind.Latency:
                    return before.Latency.Count == 0 || after.Latency.Count == 0 || b <= 0 ? null : (a - b) / b * 100;

                case MetricKind.ErrorRate:
                    // A zero baseline counts as the smallest change the guard cares about (else one failure would be an
                    // infinite regression); with the guard off, as the smallest rate the baseline could have measured.
                    var floor = options.MinErrorRateChange > 0 ? options.MinErrorRateChange : 1.0 / Math.Max(1, before.Count);
                    return (a - b) / Math.Max(b, floor) * 100;

                default:
                    // Throughput is a rate, so its change is judged as the change in time per request (baseline / current - 1):
                    // halving throughput is +100%, exactly as bad as doubling a latency. A run in which nothing finished is
                    // taken as one request over its whole duration, the best it can be said to have done.
                    if (b <= 0 || currentDuration <= TimeSpan.Zero)
                    {
                        return null;
                    }

                    return (b / Math.Max(a, 1 / currentDuration.TotalSeconds) - 1) * 100;
            }
        }

        private MetricComparison Judge(string scope, Metric metric, double before, double after, double change, double natural)
        {
            var delta = Math.Abs(after - before);
            var noise = Math.Abs(change) < options.NoisePercent
                || (metric.Kind == MetricKind.Latency && delta < options.MinLatencyChangeMilliseconds)
                || (metric.Kind == MetricKind.ErrorRate && delta < options.MinErrorRateChange);
            var severity = noise || change <= 0 ? RegressionSeverity.None
                : change > CriticalPercent && metric.CanBeCritical ? RegressionSeverity.Critical
                : change > MajorPercent ? RegressionSeverity.Major
                : RegressionSeverity.Minor;
            return new MetricComparison
            {
                Scope = scope,
                Metric = metric.Name,
                Baseline = before,
                Current = after,
                ChangePercent = natural,
                RegressionPercent = change,
                Improved = !noise && change < 0,
                WithinNoise = noise,
                Severity = severity,
            };
        }
    }
}
