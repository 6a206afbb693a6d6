using Cortex.Slo.Alerting;
using Cortex.Slo.Reports;
using Cortex.Slo.Status;
using Cortex.Slo.Storage;

namespace Cortex.Slo.Tests.Support;

/// <summary>A day of a service's SLOs, alerts and requests, with the figures each test varies as parameters.</summary>
internal static class ReportSamples
{
    public static readonly DateTimeOffset To = new(2026, 3, 14, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset From = To.AddDays(-1);

    public static SloObjectiveStatus Status(SloDefinition slo, double? compliance, double? budgetLeft, bool compliant = true, double? observed = null) => new()
    {
        Definition = slo,
        Observed = observed,
        Window = TimeSpan.FromDays(1),
        Compliant = compliant,
        Compliance = compliance,
        ErrorBudgetRemaining = budgetLeft,
    };

    public static Alert Alert(string slo, AlertSeverity severity, TimeSpan startAfter, TimeSpan? lasting, bool acknowledged = false, string name = "burn-rate:page-fast") => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Fingerprint = $"{name}/{slo}",
        Name = name,
        Slo = slo,
        Severity = severity,
        State = lasting is null ? AlertState.Firing : AlertState.Resolved,
        Summary = $"{slo} burning budget at 15x over 1h and 5m",
        Value = 15,
        StartsAt = From + startAfter,
        EndsAt = lasting is { } l ? From + startAfter + l : null,
        AcknowledgedAt = acknowledged ? From + startAfter + TimeSpan.FromMinutes(3) : null,
    };

    /// <summary>One point an hour; the p95 and p99 climb through the day.</summary>
    public static IReadOnlyList<SeriesPoint> Timeline(long requestsPerHour = 36_000, long errorsPerHour = 18) =>
    [
        .. Enumerable.Range(0, 24).Select(h => new SeriesPoint(From.AddHours(h), TimeSpan.FromHours(1), requestsPerHour, errorsPerHour, 120, 400 + (10 * h), 900 + (20 * h))),
    ];

    /// <summary>
    /// A day where availability holds easily, p95 latency has <paramref name="p95BudgetLeft"/> of its budget left and
    /// runs out <paramref name="p95ExhaustedIn"/> after the day, p99 is fine, and throughput misses its target.
    /// </summary>
    public static SloReport Day(
        string service = "memory",
        double p95BudgetLeft = 0.123,
        TimeSpan? p95ExhaustedIn = null,
        double p95Rise = 35,
        IReadOnlyList<Alert>? alerts = null,
        IReadOnlyList<SeriesPoint>? timeline = null)
    {
        var p95Compliance = 0.95 + (0.05 * p95BudgetLeft);
        SloObjectiveStatus[] objectives =
        [
            Status(SloSamples.Availability, 0.9995, 0.5),
            Status(SloSamples.LatencyP95, p95Compliance, p95BudgetLeft, compliant: p95BudgetLeft >= 0, observed: 1800),
            Status(SloSamples.LatencyP99, 0.995, 0.5, observed: 3100),
            Status(SloSamples.Throughput, null, null, compliant: false, observed: 10),
        ];
        SloTrend[] trends =
        [
            new() { Metric = "requests.p95", Period = TimeSpan.FromDays(1), Previous = 400, Current = 400 * (1 + (p95Rise / 100)), ChangePercent = p95Rise, SlopePerHour = 9.5 },
            new() { Metric = "requests.error_rate", Period = TimeSpan.FromDays(1), Previous = 0.0005, Current = 0.0005, ChangePercent = 0 },
            new() { Metric = "latency-p95", Period = TimeSpan.FromDays(1), Current = p95Compliance, BudgetExhaustedAt = To + (p95ExhaustedIn ?? TimeSpan.FromDays(3)) },
        ];
        return SloReportBuilder.Build(
            service,
            ReportPeriod.Daily,
            From,
            To,
            To.AddMinutes(5),
            objectives,
            alerts ??
            [
                Alert("latency-p95", AlertSeverity.Critical, TimeSpan.FromHours(2), TimeSpan.FromMinutes(40), acknowledged: true),
                Alert("latency-p95", AlertSeverity.Warning, TimeSpan.FromHours(9), null, name: "burn-rate:ticket"),
                Alert("availability", AlertSeverity.Critical, TimeSpan.FromHours(5), TimeSpan.FromMinutes(10)),
            ],
            trends,
            timeline ?? Timeline());
    }
}
