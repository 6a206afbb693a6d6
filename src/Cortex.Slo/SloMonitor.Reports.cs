using Cortex.Slo.Evaluation;
using Cortex.Slo.Reports;
using Cortex.Slo.Status;

namespace Cortex.Slo;

public sealed partial class SloMonitor
{
    /// <summary>
    /// Builds a compliance report over the last day, week or month (as far as retention reaches): each SLO's compliance,
    /// budget left and burn over the period, the alerts that fired, the trends against the period before, the requests
    /// over time, and recommendations derived from those figures. Render it with <see cref="SloReports"/>.
    /// </summary>
    /// <param name="period">The period, ending now.</param>
    /// <param name="cancellationToken">Cancels the report.</param>
    /// <returns>The report.</returns>
    public Task<SloReport> GenerateReportAsync(ReportPeriod period, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var length = period switch
        {
            ReportPeriod.Daily => TimeSpan.FromDays(1),
            ReportPeriod.Weekly => TimeSpan.FromDays(7),
            _ => TimeSpan.FromDays(30),
        };
        var now = _time.GetUtcNow();
        var from = now - length;
        List<SloObjectiveStatus> objectives;
        IReadOnlyList<Storage.SeriesPoint> timeline;
        lock (_evaluationLock)
        {
            foreach (var series in _series.Values)
            {
                series.Collect(now);
            }

            var current = GetSloStatus().Objectives;
            objectives = [.. Definitions.Select((d, i) => OverPeriod(d, length, now, current.Count > i ? current[i] : null))];
            timeline = _requests.Points(from, now, TimeSpan.FromHours(1));

            // A history under three hours (a quick start, a new deployment) is one or two hourly points, a dot at
            // the end of the axis: it is drawn by the minute from the first request instead.
            if (_requests.FirstRecorded is { } firstRecorded && now - firstRecorded < TimeSpan.FromHours(3))
            {
                timeline = [.. _requests.Points(from, now, TimeSpan.FromMinutes(1)).Where(p => p.Start >= firstRecorded)];
            }
        }

        var trends = GetTrends(length);
        var report = SloReportBuilder.Build(_options.ServiceName, period, from, now, now, objectives, _alerts.History(from, now), trends, timeline);
        return Task.FromResult(report);
    }

    /// <summary>One SLO judged over the whole period; resources and components, which are sampled rather than stored, keep their last evaluation.</summary>
    private SloObjectiveStatus OverPeriod(SloDefinition d, TimeSpan window, DateTimeOffset now, SloObjectiveStatus? last)
    {
        if (!_series.TryGetValue(d.Series, out var series) || d.Kind is SloKind.Resource or SloKind.Component)
        {
            return last ?? new SloObjectiveStatus { Definition = d, Compliant = true };
        }

        var counts = series.Counts(window, now);
        if (counts.Count == 0)
        {
            return new SloObjectiveStatus { Definition = d, Window = window, Compliant = true };
        }

        if (d.HasErrorBudget)
        {
            var budget = 1 - d.Objective!.Value;
            var index = d.LatencyThreshold is { } t ? IndexOf(series.LatencyThresholds, t) : -1;
            var bad = (double)(index < 0 ? counts.Errors : counts.Count - counts.GoodBelow[index]) / counts.Count;
            var compliant = 1 - bad >= d.Objective;
            return new SloObjectiveStatus
            {
                Definition = d,
                Observed = d.Kind == SloKind.Latency ? PercentileOver(series, window, now, d.Objective.Value * 100) : 1 - bad,
                Window = counts.Covered,
                Compliant = compliant,
                Health = compliant ? SloHealth.Healthy : SloHealth.Warning,
                Compliance = 1 - bad,
                ErrorBudgetRemaining = 1 - (bad / budget),
                BurnRates = new Dictionary<string, double>(StringComparer.Ordinal) { ["period"] = bad / budget },
            };
        }

        double observed = d.Kind switch
        {
            SloKind.Latency => PercentileOver(series, window, now, double.Parse(d.Name.AsSpan(d.Name.LastIndexOf('p') + 1), System.Globalization.CultureInfo.InvariantCulture)) ?? 0,
            SloKind.ErrorRate => counts.ErrorRate,
            _ => counts.Covered <= TimeSpan.Zero ? 0 : counts.Count / counts.Covered.TotalSeconds,
        };
        var ok = d.HigherIsBetter ? observed >= d.Target : observed <= d.Target;
        return new SloObjectiveStatus { Definition = d, Observed = observed, Window = counts.Covered, Compliant = ok, Health = ok ? SloHealth.Healthy : SloHealth.Warning };
    }
}
