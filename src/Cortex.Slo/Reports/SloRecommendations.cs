using Cortex.Internal;
using Cortex.Slo.Alerting;
using Cortex.Slo.Status;
namespace Cortex.Slo.Reports;

/// <summary>
/// What a report recommends, drawn from its own figures: every message names the SLO or figure and carries the numbers
/// it is based on, so two reports with different data never say the same thing.
/// </summary>
internal static class SloRecommendations
{
    /// <summary>Below this fraction of budget left, the SLO with the least is named with its exhaustion forecast.</summary>
    internal const double LowBudget = 0.5;

    /// <summary>Above this fraction of budget left, a met objective may be loose.</summary>
    internal const double LooseBudget = 0.9;

    /// <summary>A latency or error-rate rise above this percentage against the period before is worth a look.</summary>
    internal const double RisingPercent = 20;

    /// <summary>Objectives in the usual steps of nines, for suggesting a tighter one.</summary>
    private static readonly double[] Objectives = [0.9, 0.95, 0.99, 0.995, 0.999, 0.9995, 0.9999, 0.99995, 0.99999];

    public static IReadOnlyList<string> For(SloReport report)
    {
        var period = SloReportContent.PeriodNoun(report.Period);
        var requests = report.Timeline.Sum(p => p.Requests);
        var recommendations = new List<string>();
        if (requests == 0)
        {
            recommendations.Add(
                $"No requests were recorded from {Figures.Time(report.From)} to {Figures.Time(report.To)} (0 in {report.Timeline.Count} intervals): " +
                "check that SloOptions.Instruments names the host's request-duration instrument before trusting this report.");
        }

        var budgeted = report.Compliance.Where(c => c.ErrorBudgetRemaining.HasValue && c.Compliance.HasValue && c.Objective.HasValue).ToList();
        foreach (var missed in report.Compliance.Where(c => !c.Compliant).OrderBy(c => c.ErrorBudgetRemaining ?? double.MaxValue))
        {
            recommendations.Add(Missed(missed, period));
        }

        if (budgeted.MinBy(c => c.ErrorBudgetRemaining) is { } least
            && Trend(report, least.Name)?.BudgetExhaustedAt is var exhausted
            && (least.ErrorBudgetRemaining < LowBudget || exhausted.HasValue))
        {
            recommendations.Add(LeastBudget(least, exhausted, report.To));
        }

        if (MostAlerting(report) is { } alerting)
        {
            recommendations.Add(alerting);
        }

        recommendations.AddRange(report.Trends
            .Where(t => t.ChangePercent > RisingPercent && (SloReportContent.IsLatency(t.Metric) || t.Metric.EndsWith("error_rate", StringComparison.Ordinal)))
            .OrderByDescending(t => t.ChangePercent)
            .Select(t => Rising(t, period)));

        recommendations.AddRange(budgeted
            .Where(c => c.Compliant && c.ErrorBudgetRemaining > LooseBudget)
            .Select(c => Loose(c, period)));

        if (recommendations.Count == 0)
        {
            recommendations.Add(budgeted.MinBy(c => c.ErrorBudgetRemaining) is { } tightest
                ? $"All {report.Compliance.Count} SLOs met their objectives over the {period}; the least error budget left is {Figures.PrecisePercent(tightest.ErrorBudgetRemaining)} ({tightest.Name}), so nothing needs attention."
                : $"All {report.Compliance.Count} SLOs met their targets over the {period}, over {Figures.Count(requests)} requests.");
        }

        return recommendations;
    }

    private static string Missed(SloCompliance slo, string period)
    {
        if (slo.Objective is { } objective && slo.Compliance is { } compliance)
        {
            var budget = slo.ErrorBudgetRemaining is { } left
                ? left < 0 ? $"the error budget is overspent by {Figures.PrecisePercent(-left)}" : $"{Figures.PrecisePercent(left)} of the error budget is left"
                : "the error budget is unknown";
            return $"{slo.Name} missed its objective over the {period}: {Figures.PrecisePercent(compliance)} good against {Figures.PrecisePercent(objective)} " +
                $"({slo.Description}), a burn rate of {Figures.Factor(slo.BurnRate)}; {budget}. Freeze risky changes to it until the budget recovers.";
        }

        return $"{slo.Name} missed its target over the {period}: {SloReportContent.Value(slo.Kind, slo.Name, slo.Observed)} " +
            $"against {SloReportContent.Value(slo.Kind, slo.Name, slo.Target)} ({slo.Description}).";
    }

    private static string LeastBudget(SloCompliance slo, DateTimeOffset? exhausted, DateTimeOffset to)
    {
        var forecast = exhausted switch
        {
            null => "at the current burn it does not run out",
            { } at when at <= to => $"it ran out on {Figures.Time(at)}",
            { } at => $"at the current burn it runs out on {Figures.Time(at)}, {Figures.Duration(at - to)} after this report",
        };
        return $"{slo.Name} has the least error budget left: {Figures.PrecisePercent(slo.ErrorBudgetRemaining)} " +
            $"(compliance {Figures.PrecisePercent(slo.Compliance)} against {Figures.PrecisePercent(slo.Objective)}, burn rate {Figures.Factor(slo.BurnRate)}); {forecast}.";
    }

    private static string? MostAlerting(SloReport report)
    {
        var top = report.Incidents
            .GroupBy(i => i.Slo)
            .Select(g => (Slo: g.Key, Incidents: g.ToList(), Firing: g.Aggregate(TimeSpan.Zero, (sum, i) => sum + i.Duration)))
            .OrderByDescending(g => g.Incidents.Count)
            .ThenByDescending(g => g.Firing)
            .FirstOrDefault();
        if (top.Incidents is null)
        {
            return null;
        }

        var critical = top.Incidents.Count(i => i.Severity == AlertSeverity.Critical);
        var warning = top.Incidents.Count(i => i.Severity == AlertSeverity.Warning);
        var unacknowledged = top.Incidents.Count(i => !i.Acknowledged);
        return $"{top.Slo} raised the most alerts: {top.Incidents.Count} of {report.Incidents.Count} ({critical} critical, {warning} warning), " +
            $"firing {Figures.Duration(top.Firing)} in total, {unacknowledged} not acknowledged; find what they have in common before tuning its thresholds.";
    }

    private static string Rising(SloTrend trend, string period)
    {
        var slope = trend.SlopePerHour is { } s
            ? $", {(s >= 0 ? "+" : "")}{SloReportContent.TrendValue(trend.Metric, s)} per hour"
            : "";
        var budget = SloReportContent.IsLatency(trend.Metric) ? "the latency SLOs spend their budget" : "the availability SLO spends its budget";
        return $"{trend.Metric} rose {Figures.Number(trend.ChangePercent!.Value)}% against the previous {period} " +
            $"(from {SloReportContent.TrendValue(trend.Metric, trend.Previous)} to {SloReportContent.TrendValue(trend.Metric, trend.Current)}{slope}): " +
            $"find the cause before {budget}.";
    }

    private static string Loose(SloCompliance slo, string period)
    {
        var errors = 1 - slo.Compliance!.Value;
        var objective = slo.Objective!.Value;

        // The tightest usual objective whose budget this period's error ratio would still spend at most half of.
        var tighter = Objectives.Where(o => o > objective && errors <= (1 - o) / 2).DefaultIfEmpty(double.NaN).Max();
        var suggestion = double.IsNaN(tighter)
            ? ""
            : $"; {Figures.PrecisePercent(tighter)} would still leave {Figures.PrecisePercent(1 - (errors / (1 - tighter)))} of its budget at this {period}'s error ratio";
        return $"{slo.Name} kept {Figures.PrecisePercent(slo.ErrorBudgetRemaining)} of its error budget (compliance {Figures.PrecisePercent(slo.Compliance)} " +
            $"against {Figures.PrecisePercent(objective)}): the objective may be looser than users need{suggestion}.";
    }

    private static SloTrend? Trend(SloReport report, string metric) => report.Trends.FirstOrDefault(t => t.Metric == metric);
}
