using System.Globalization;
using System.Diagnostics.Metrics;
using Cortex.Abstractions.Slo;
using Cortex.Slo.Alerting;
using Cortex.Slo.Evaluation;
using Cortex.Slo.Status;
using Cortex.Slo.Storage;
using HdrHistogram;

namespace Cortex.Slo;

public sealed partial class SloMonitor
{
    private static readonly (string Label, TimeSpan Window)[] BurnWindows =
    [
        ("5m", TimeSpan.FromMinutes(5)), ("30m", TimeSpan.FromMinutes(30)), ("1h", TimeSpan.FromHours(1)), ("6h", TimeSpan.FromHours(6)),
        ("1d", TimeSpan.FromDays(1)), ("3d", TimeSpan.FromDays(3)), ("30d", TimeSpan.FromDays(30)),
    ];

    private const int MinRequestsForErrorRateAnomaly = 20;
    private static readonly TimeSpan Short = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>
    /// Evaluates every SLO now, as the loop does every <see cref="SloOptions.EvaluationInterval"/>: for a status right
    /// after a load test, or for hosts that drive evaluation on their own schedule.
    /// </summary>
    /// <returns>The new status.</returns>
    public SloStatus EvaluateNow() => Evaluate();

    internal SloStatus Evaluate()
    {
        var violations = new List<SloObjectiveStatus>();
        var anomalies = new List<Anomaly>();
        SloStatus status;
        lock (_evaluationLock)
        {
            var now = _time.GetUtcNow();
            foreach (var series in _series.Values)
            {
                series.Collect(now);
            }

            _counters.Collect(now);
            _inputs.SampleObservables();
            var resources = _resources.Sample();
            var candidates = new List<AlertCandidate>();
            var objectives = new List<SloObjectiveStatus>(Definitions.Count);
            foreach (var definition in Definitions)
            {
                var objective = EvaluateObjective(definition, now, resources, candidates);
                objectives.Add(objective);
                if (!objective.Compliant && _violating.Add(definition.Name))
                {
                    violations.Add(objective);
                }
                else if (objective.Compliant)
                {
                    _violating.Remove(definition.Name);
                }
            }

            anomalies.AddRange(DetectAnomalies(now));
            AnomalyAlerts(now, candidates);
            _alerts.Evaluate(candidates, now);
            status = new SloStatus
            {
                EvaluatedAt = now,
                Health = objectives.Count == 0 ? SloHealth.Healthy : objectives.Max(o => o.Health),
                Objectives = objectives,
                LastFiveMinutes = Summary(_requests, Short, now),
                LastHour = Summary(_requests, Hour, now),
                Resources = resources,
                ActiveAlerts = _alerts.Active.Count,
                Operations = Operations(),
            };
            Volatile.Write(ref _status, status);
        }

        foreach (var violation in violations)
        {
            LogViolation(_logger, violation.Definition.Name, violation.Definition.Description);
            SloViolation?.Invoke(this, new SloViolationEventArgs(violation));
        }

        foreach (var anomaly in anomalies)
        {
            LogAnomaly(_logger, anomaly.Series, anomaly.Metric, anomaly.Value, anomaly.Baseline);
            AnomalyDetected?.Invoke(this, new AnomalyEventArgs(anomaly));
        }

        return status;
    }

    private SloObjectiveStatus EvaluateObjective(SloDefinition d, DateTimeOffset now, ResourceUsage resources, List<AlertCandidate> candidates) => d.Kind switch
    {
        SloKind.Availability or SloKind.Latency when d.HasErrorBudget => Budgeted(d, now, candidates),
        SloKind.Latency => Percentile(d, _requests, now, candidates),
        SloKind.ErrorRate => Levels(d, ErrorRateOver(_requests, Short, now), Short, now, candidates),
        SloKind.Throughput => ThroughputObjective(d, now, candidates),
        SloKind.Resource => Levels(d, d.Name == SloDefinitions.Cpu ? resources.Cpu : resources.Memory, TimeSpan.Zero, now, candidates),
        _ => Component(d, now, candidates),
    };

    /// <summary>An SLO with an error budget: compliance and budget over the SLO window, burn rates per window, and the multi-window burn-rate alerts.</summary>
    private SloObjectiveStatus Budgeted(SloDefinition d, DateTimeOffset now, List<AlertCandidate> candidates)
    {
        var series = _series[d.Series];
        var budget = 1 - d.Objective!.Value;
        var thresholdIndex = d.LatencyThreshold is { } t ? IndexOf(series.LatencyThresholds, t) : -1;
        double? BadRatio(TimeSpan window)
        {
            var counts = series.Counts(window, now);
            if (counts.Count == 0)
            {
                return null;
            }

            var bad = thresholdIndex < 0 ? counts.Errors : counts.Count - counts.GoodBelow[thresholdIndex];
            return (double)bad / counts.Count;
        }

        var burnRates = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (label, window) in BurnWindows)
        {
            if (window <= _requests.Window && BadRatio(window) is { } ratio)
            {
                burnRates[label] = ratio / budget;
            }
        }

        var sloWindow = _options.SloWindow;
        var badOverWindow = BadRatio(sloWindow);
        var compliance = 1 - badOverWindow;
        var health = SloHealth.Healthy;
        foreach (var rule in _options.BurnRateAlerts)
        {
            var longBurn = BadRatio(rule.LongWindow) / budget;
            var shortBurn = BadRatio(rule.ShortWindow) / budget;
            if (longBurn > rule.Factor && shortBurn > rule.Factor)
            {
                health = Max(health, rule.Severity == AlertSeverity.Critical ? SloHealth.Critical : SloHealth.Warning);
                candidates.Add(new AlertCandidate(
                    $"burn-rate:{rule.Name}",
                    d.Name,
                    rule.Severity,
                    $"{d.Name} ({d.Description}) is burning its error budget {Num(longBurn.Value)}× over {Window(rule.LongWindow)} and {Num(shortBurn.Value)}× over {Window(rule.ShortWindow)} (threshold {Num(rule.Factor)}×)",
                    longBurn.Value,
                    new Dictionary<string, string>(StringComparer.Ordinal) { ["long_window"] = Window(rule.LongWindow), ["short_window"] = Window(rule.ShortWindow) }));
            }
        }

        // Latency SLOs also report the percentile itself over the last hour, which is what a dashboard shows.
        double? observed = compliance;
        if (d.Kind == SloKind.Latency)
        {
            observed = PercentileOver(series, Hour, now, d.Objective.Value * 100);
        }

        var compliant = compliance is null || compliance >= d.Objective;
        if (!compliant)
        {
            health = Max(health, SloHealth.Warning);
        }

        return new SloObjectiveStatus
        {
            Definition = d,
            Observed = observed,
            Window = d.Kind == SloKind.Latency ? Hour : sloWindow,
            Compliant = compliant,
            Health = health,
            Compliance = compliance,
            ErrorBudgetRemaining = badOverWindow is { } b ? 1 - (b / budget) : null,
            BurnRates = burnRates,
        };
    }

    private static SloObjectiveStatus Percentile(SloDefinition d, SliSeries series, DateTimeOffset now, List<AlertCandidate> candidates)
    {
        var percentile = double.Parse(d.Name.AsSpan(d.Name.LastIndexOf('p') + 1), System.Globalization.CultureInfo.InvariantCulture);
        var observed = PercentileOver(series, Hour, now, percentile);
        return Judge(d, observed, Hour, SloHealth.Warning, AlertSeverity.Warning, candidates);
    }

    private SloObjectiveStatus ThroughputObjective(SloDefinition d, DateTimeOffset now, List<AlertCandidate> candidates)
    {
        var counts = _requests.Counts(Short, now);

        // No traffic yet is not a breach: a service that has not started serving has nothing to judge.
        double? observed = counts.Count == 0 || counts.Covered <= TimeSpan.Zero ? null : counts.Count / counts.Covered.TotalSeconds;
        return Judge(d, observed, Short, SloHealth.Warning, AlertSeverity.Info, candidates);
    }

    private SloObjectiveStatus Component(SloDefinition d, DateTimeOffset now, List<AlertCandidate> candidates)
    {
        double? observed = d.Name switch
        {
            SloDefinitions.QdrantLatency => PercentileOver(_series[SloDefinitions.Qdrant], Hour, now, 95),
            SloDefinitions.QdrantErrors => ErrorRateOver(_series[SloDefinitions.Qdrant], Hour, now),
            SloDefinitions.ZaiCacheHitRate => Ratio(_counters.Sum("cortex.zai.cache.hits", Hour, now), _counters.Sum("cortex.zai.cache.hits", Hour, now) + _counters.Sum("cortex.zai.cache.misses", Hour, now)),
            SloDefinitions.ZaiDedupRate => Ratio(_counters.Sum("cortex.zai.dedup.joins", Hour, now), _series[SloDefinitions.Zai].Counts(Hour, now).Count + _counters.Sum("cortex.zai.dedup.joins", Hour, now)),
            SloDefinitions.PoolUtilization => _inputs.PoolUtilization,
            _ => null,
        };
        return Judge(d, observed, Hour, SloHealth.Warning, AlertSeverity.Warning, candidates);
    }

    /// <summary>A single target: compliant or a warning (and an alert of <paramref name="severity"/>).</summary>
    private static SloObjectiveStatus Judge(SloDefinition d, double? observed, TimeSpan window, SloHealth offTarget, AlertSeverity severity, List<AlertCandidate> candidates)
    {
        var compliant = observed is null || (d.HigherIsBetter ? observed >= d.Target : observed <= d.Target);
        if (!compliant)
        {
            candidates.Add(new AlertCandidate(d.Name, d.Name, severity, $"{d.Name}: {Num(observed!.Value)} against a target of {(d.HigherIsBetter ? ">=" : "<=")} {Num(d.Target)} ({d.Description})", observed.Value, Empty));
        }

        return new SloObjectiveStatus { Definition = d, Observed = observed, Window = window, Compliant = compliant, Health = compliant ? SloHealth.Healthy : offTarget };
    }

    /// <summary>A warning level and a critical level (error rate, CPU, memory); a critical alert inhibits the warning one.</summary>
    private static SloObjectiveStatus Levels(SloDefinition d, double? observed, TimeSpan window, DateTimeOffset now, List<AlertCandidate> candidates)
    {
        _ = now;
        var health = observed is not { } value ? SloHealth.Healthy
            : value >= d.CriticalTarget ? SloHealth.Critical
            : value >= d.Target ? SloHealth.Warning
            : SloHealth.Healthy;
        if (health != SloHealth.Healthy)
        {
            var severity = health == SloHealth.Critical ? AlertSeverity.Critical : AlertSeverity.Warning;
            candidates.Add(new AlertCandidate(d.Name, d.Name, severity, $"{d.Name} at {SloDefinitions.Percent(observed!.Value)} (warning {SloDefinitions.Percent(d.Target)}, critical {SloDefinitions.Percent(d.CriticalTarget ?? 1)})", observed.Value, Empty));
        }

        return new SloObjectiveStatus { Definition = d, Observed = observed, Window = window, Compliant = health == SloHealth.Healthy, Health = health };
    }

    /// <summary>An alert for each SLO opted in to anomaly alerts (<see cref="AnomalyOptions.Alerts"/>) while its figure's anomaly lasts.</summary>
    private void AnomalyAlerts(DateTimeOffset now, List<AlertCandidate> candidates)
    {
        if (!_options.Anomaly.Enabled)
        {
            return;
        }

        // An episode whose series got no point for a few minutes (traffic stopped) is not in progress.
        var since = now - TimeSpan.FromMinutes(5);
        foreach (var (slo, severity) in _options.Anomaly.Alerts)
        {
            if (Definitions.FirstOrDefault(d => d.Name == slo) is not { } definition
                || SloDefinitions.AnomalyMetric(definition) is not { } metric
                || _anomalies.Ongoing(definition.Series, metric, since) is not { } anomaly)
            {
                continue;
            }

            var value = metric == "error_rate" ? SloDefinitions.Percent(anomaly.Value) : string.Create(CultureInfo.InvariantCulture, $"{anomaly.Value:0.#} ms");
            var baseline = metric == "error_rate" ? SloDefinitions.Percent(anomaly.Baseline) : string.Create(CultureInfo.InvariantCulture, $"{anomaly.Baseline:0.#} ms");
            candidates.Add(new AlertCandidate(
                $"anomaly:{metric}",
                slo,
                severity,
                string.Create(CultureInfo.InvariantCulture, $"{anomaly.Series} {metric} at {value}, {anomaly.Score:0.#} deviations above its baseline {baseline} ({anomaly.Method}) since {anomaly.DetectedAt:HH:mm} UTC"),
                anomaly.Value,
                new Dictionary<string, string>(StringComparer.Ordinal) { ["series"] = anomaly.Series, ["metric"] = metric }));
        }
    }

    private List<Anomaly> DetectAnomalies(DateTimeOffset now)
    {
        var found = new List<Anomaly>();
        if (!_options.Anomaly.Enabled)
        {
            return found;
        }

        var currentMinute = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        foreach (var series in _series.Values)
        {
            var from = _anomalyFedUntil.TryGetValue(series.Name, out var fed) ? fed : currentMinute - TimeSpan.FromHours(3);
            foreach (var point in series.Points(from, currentMinute, TimeSpan.FromMinutes(1)))
            {
                // Only finished minutes, each once; empty minutes carry no latency and no error rate.
                if (point.Start + point.Length > currentMinute || point.Start < from || point.Count == 0)
                {
                    continue;
                }

                Feed(_anomalies.Observe(series.Name, "latency_p95", point.Start, point.P95Ms));

                // At a handful of requests a minute one error is a double-digit rate: too noisy to judge.
                if (point.Count >= MinRequestsForErrorRateAnomaly)
                {
                    Feed(_anomalies.Observe(series.Name, "error_rate", point.Start, point.ErrorRate));
                }
            }

            _anomalyFedUntil[series.Name] = currentMinute;
        }

        return found;

        void Feed(Anomaly? anomaly)
        {
            if (anomaly is not null)
            {
                found.Add(anomaly);
                _recentAnomalies.Add(anomaly);
                if (_recentAnomalies.Count > 1000)
                {
                    _recentAnomalies.RemoveAt(0);
                }
            }
        }
    }

    private List<OperationSummary> Operations() =>
        [.. _operations.Select(o => new OperationSummary(o.Key, o.Value.Count, o.Value.Errors, o.Value.Mean)).OrderByDescending(o => o.Count)];

    private static LatencySummary? Summary(SliSeries series, TimeSpan window, DateTimeOffset now)
    {
        var counts = series.Counts(window, now);
        if (counts.Count == 0)
        {
            return null;
        }

        var h = series.Histogram(window, now);
        return new LatencySummary
        {
            Count = counts.Count,
            ErrorCount = counts.Errors,
            Period = counts.Covered,
            Mean = TimeSpan.FromMicroseconds(h.GetMean()),
            P50 = TimeSpan.FromMicroseconds(h.GetValueAtPercentile(50)),
            P90 = TimeSpan.FromMicroseconds(h.GetValueAtPercentile(90)),
            P95 = TimeSpan.FromMicroseconds(h.GetValueAtPercentile(95)),
            P99 = TimeSpan.FromMicroseconds(h.GetValueAtPercentile(99)),
            Max = TimeSpan.FromMicroseconds(h.GetMaxValue()),
        };
    }

    private static double? PercentileOver(SliSeries series, TimeSpan window, DateTimeOffset now, double percentile)
    {
        var h = series.Histogram(window, now);
        return h.TotalCount == 0 ? null : h.GetValueAtPercentile(percentile) / 1000.0;
    }

    private static double? ErrorRateOver(SliSeries series, TimeSpan window, DateTimeOffset now)
    {
        var counts = series.Counts(window, now);
        return counts.Count == 0 ? null : counts.ErrorRate;
    }

    private static double? Ratio(long part, long whole) => whole <= 0 ? null : (double)part / whole;

    private static int IndexOf(IReadOnlyList<TimeSpan> list, TimeSpan value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    private static SloHealth Max(SloHealth a, SloHealth b) => a > b ? a : b;

    private static string Num(double value) => SloDefinitions.Num(value);

    private static string Window(TimeSpan window) =>
        window.TotalDays >= 1 && window.TotalDays % 1 == 0 ? $"{window.TotalDays:0}d"
        : window.TotalHours >= 1 && window.TotalHours % 1 == 0 ? $"{window.TotalHours:0}h"
        : $"{window.TotalMinutes:0}m";

    private static readonly Dictionary<string, string> Empty = new(StringComparer.Ordinal);

    private void CreateInstruments()
    {
        _meter.Meter.CreateObservableGauge("cortex.slo.compliance", () => Measure(o => o.Compliance), "1", "Good-event fraction of each SLO with an error budget, over its window.");
        _meter.Meter.CreateObservableGauge("cortex.slo.error_budget.remaining", () => Measure(o => o.ErrorBudgetRemaining), "1", "Fraction of each SLO's error budget left (negative when overspent).");
        _meter.Meter.CreateObservableGauge("cortex.slo.burn_rate", BurnRateMeasurements, "1", "Error-budget burn rate of each SLO per window (1 spends the budget exactly over the SLO window).");
        _meter.Meter.CreateObservableGauge("cortex.slo.healthy", () => Measure(o => o.Compliant ? 1 : 0), "1", "1 when the SLO meets its target, 0 when not.");
        _meter.Meter.CreateObservableUpDownCounter("cortex.slo.alerts.active", () => _alerts.Active.Count, "{alert}", "Alerts firing now.");
    }

    private IEnumerable<Measurement<double>> Measure(Func<SloObjectiveStatus, double?> value)
    {
        foreach (var objective in GetSloStatus().Objectives)
        {
            if (value(objective) is { } v)
            {
                yield return new Measurement<double>(v, new KeyValuePair<string, object?>(Abstractions.Telemetry.CortexTags.SloName, objective.Definition.Name));
            }
        }
    }

    private IEnumerable<Measurement<double>> BurnRateMeasurements()
    {
        foreach (var objective in GetSloStatus().Objectives)
        {
            foreach (var (window, burn) in objective.BurnRates)
            {
                yield return new Measurement<double>(burn, new(Abstractions.Telemetry.CortexTags.SloName, objective.Definition.Name), new("cortex.slo.window", window));
            }
        }
    }
}
