using Cortex.Internal;
using Cortex.Slo.Alerting;
using Cortex.Slo.Status;
using Cortex.Slo.Storage;

namespace Cortex.Slo.Reports;

/// <summary>Assembles a <see cref="SloReport"/> from what the monitor evaluated over the period, and derives its recommendations.</summary>
internal static class SloReportBuilder
{
    /// <param name="serviceName">The service.</param>
    /// <param name="period">The period the report covers.</param>
    /// <param name="from">The start of the period.</param>
    /// <param name="to">The end of the period.</param>
    /// <param name="generatedAt">When the report is made.</param>
    /// <param name="objectives">Every SLO evaluated over the period: compliance, budget left, observed value and burn rates filled.</param>
    /// <param name="alerts">The alerts that were firing at some time during the period.</param>
    /// <param name="trends">How the figures moved against the period before.</param>
    /// <param name="timeline">The requests over the period, one point per interval.</param>
    public static SloReport Build(
        string serviceName,
        ReportPeriod period,
        DateTimeOffset from,
        DateTimeOffset to,
        DateTimeOffset generatedAt,
        IReadOnlyList<SloObjectiveStatus> objectives,
        IReadOnlyList<Alert> alerts,
        IReadOnlyList<SloTrend> trends,
        IReadOnlyList<SeriesPoint> timeline)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        ArgumentNullException.ThrowIfNull(objectives);
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(trends);
        ArgumentNullException.ThrowIfNull(timeline);
        if (to <= from)
        {
            throw new ArgumentException($"A report period must end after it starts; it runs from {Figures.Time(from)} to {Figures.Time(to)}.", nameof(to));
        }

        var compliance = objectives.Select(Compliance).ToList();

        // Alert labels are copied nowhere: they are free-form, and a report must not carry what a channel was told.
        var incidents = alerts
            .Where(a => a.StartsAt < to && (a.EndsAt ?? DateTimeOffset.MaxValue) > from)
            .OrderBy(a => a.StartsAt)
            .Select(a => new SloIncident
            {
                AlertName = a.Name,
                Slo = a.Slo,
                Severity = a.Severity,
                Summary = a.Summary,
                StartedAt = a.StartsAt,
                EndedAt = a.EndsAt,
                Duration = (a.EndsAt ?? to) - a.StartsAt,
                Acknowledged = a.AcknowledgedAt.HasValue,
            })
            .ToList();
        var report = new SloReport
        {
            Service = serviceName,
            Period = period,
            From = from,
            To = to,
            GeneratedAt = generatedAt,
            OverallCompliant = compliance.All(c => c.Compliant),
            Compliance = compliance,
            Incidents = incidents,
            AlertsBySeverity = Enum.GetValues<AlertSeverity>().ToDictionary(s => s, s => incidents.Count(i => i.Severity == s)),
            Trends = [.. trends],
            Timeline =
            [
                .. timeline.OrderBy(p => p.Start).Select(p => new SloReportPoint
                {
                    Time = p.Start,
                    Requests = p.Count,
                    Errors = p.Errors,
                    P95Ms = p.P95Ms,
                    P99Ms = p.P99Ms,
                }),
            ],
        };
        return report with { Recommendations = SloRecommendations.For(report) };
    }

    private static SloCompliance Compliance(SloObjectiveStatus status)
    {
        var slo = status.Definition;
        // In decimal, so that 0.9995 against 0.999 burns 0.5 and not 0.4999999999999445.
        double? burn = status.Compliance is { } good && double.IsFinite(good) && slo.Objective is { } objective && objective is > 0 and < 1
            ? (double)((1 - (decimal)good) / (1 - (decimal)objective))
            : null;
        return new SloCompliance
        {
            Name = slo.Name,
            Kind = slo.Kind,
            Description = slo.Description,
            Target = slo.Target,
            Objective = slo.Objective,
            Observed = status.Observed,
            Compliance = status.Compliance,
            ErrorBudgetRemaining = status.ErrorBudgetRemaining,
            BurnRate = burn,
            Compliant = status.Compliant,
        };
    }
}
