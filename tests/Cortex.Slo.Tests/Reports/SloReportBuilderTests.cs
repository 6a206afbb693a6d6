using System.Text.RegularExpressions;
using Cortex.Slo.Alerting;
using Cortex.Slo.Reports;
using Cortex.Slo.Status;
using Cortex.Slo.Tests.Support;

namespace Cortex.Slo.Tests.Reports;

public partial class SloReportBuilderTests
{
    [Fact]
    public void Build_Objectives_CopyComplianceAndDeriveTheBurnRate()
    {
        var report = ReportSamples.Day();

        var availability = report.Compliance.Single(c => c.Name == "availability");
        Assert.Equal(0.9995, availability.Compliance);
        Assert.Equal(0.5, availability.ErrorBudgetRemaining);
        Assert.Equal(0.5, availability.BurnRate!.Value, 6);
        Assert.Equal("99.9% of requests succeed", availability.Description);
        var throughput = report.Compliance.Single(c => c.Name == "throughput");
        Assert.Null(throughput.BurnRate);
        Assert.False(throughput.Compliant);
        Assert.False(report.OverallCompliant);
    }

    [Fact]
    public void Build_Alerts_BecomeIncidentsOldestFirstWithDurationsAndCounts()
    {
        var report = ReportSamples.Day();

        Assert.Equal(["latency-p95", "availability", "latency-p95"], report.Incidents.Select(i => i.Slo));
        Assert.Equal(TimeSpan.FromMinutes(40), report.Incidents[0].Duration);
        Assert.True(report.Incidents[0].Acknowledged);
        var stillFiring = report.Incidents[2];
        Assert.Null(stillFiring.EndedAt);
        Assert.Equal(TimeSpan.FromHours(15), stillFiring.Duration);
        Assert.Equal(2, report.AlertsBySeverity[AlertSeverity.Critical]);
        Assert.Equal(1, report.AlertsBySeverity[AlertSeverity.Warning]);
        Assert.Equal(0, report.AlertsBySeverity[AlertSeverity.Info]);
    }

    [Fact]
    public void Build_AlertOutsideThePeriod_IsNotAnIncident()
    {
        var before = ReportSamples.Alert("availability", AlertSeverity.Critical, TimeSpan.FromHours(-3), TimeSpan.FromHours(1));

        var report = ReportSamples.Day(alerts: [before]);

        Assert.Empty(report.Incidents);
    }

    [Fact]
    public void Build_Timeline_KeepsRequestsErrorsAndPercentiles()
    {
        var report = ReportSamples.Day();

        Assert.Equal(24, report.Timeline.Count);
        var last = report.Timeline[^1];
        Assert.Equal(ReportSamples.To.AddHours(-1), last.Time);
        Assert.Equal(36_000, last.Requests);
        Assert.Equal(18, last.Errors);
        Assert.Equal(630, last.P95Ms);
        Assert.Equal(1360, last.P99Ms);
    }

    [Fact]
    public void Build_PeriodEndingBeforeItStarts_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => SloReportBuilder.Build(
            "memory", ReportPeriod.Daily, ReportSamples.To, ReportSamples.From, ReportSamples.To, [], [], [], []));

        Assert.Contains("2026-03-14 00:00 UTC to 2026-03-13 00:00 UTC", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_LowBudget_NamesTheSloWithItsBudgetAndWhenItRunsOut()
    {
        var report = ReportSamples.Day(p95BudgetLeft: 0.123, p95ExhaustedIn: TimeSpan.FromHours(60));

        var message = Assert.Single(report.Recommendations, r => r.StartsWith("latency-p95 has the least error budget left", StringComparison.Ordinal));
        Assert.Contains("12.3%", message, StringComparison.Ordinal);
        Assert.Contains("compliance 95.615% against 95%", message, StringComparison.Ordinal);
        Assert.Contains("runs out on 2026-03-16 12:00 UTC, 2.5 days after this report", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_DifferentFigures_GiveDifferentMessagesCarryingTheirNumbers()
    {
        var tight = ReportSamples.Day(p95BudgetLeft: 0.123, p95ExhaustedIn: TimeSpan.FromHours(60), p95Rise: 35);
        var tighter = ReportSamples.Day(p95BudgetLeft: 0.041, p95ExhaustedIn: TimeSpan.FromHours(10), p95Rise: 52);

        Assert.Contains(tight.Recommendations, r => r.Contains("12.3%", StringComparison.Ordinal) && r.Contains("2.5 days", StringComparison.Ordinal));
        Assert.Contains(tighter.Recommendations, r => r.Contains("4.1%", StringComparison.Ordinal) && r.Contains("10 h", StringComparison.Ordinal));
        Assert.Contains(tight.Recommendations, r => r.Contains("rose 35%", StringComparison.Ordinal));
        Assert.Contains(tighter.Recommendations, r => r.Contains("rose 52%", StringComparison.Ordinal));
        Assert.DoesNotContain(tight.Recommendations.Intersect(tighter.Recommendations), r => r.Contains("budget left", StringComparison.Ordinal) || r.Contains(" rose ", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_P95RisingOverTwentyPercent_IsRecommendedWithItsFigures()
    {
        var rising = ReportSamples.Day(p95Rise: 35);
        var steady = ReportSamples.Day(p95Rise: 15);

        var message = Assert.Single(rising.Recommendations, r => r.StartsWith("requests.p95 rose", StringComparison.Ordinal));
        Assert.Equal("requests.p95 rose 35% against the previous day (from 400 ms to 540 ms, +9.5 ms per hour): find the cause before the latency SLOs spend their budget.", message);
        Assert.DoesNotContain(steady.Recommendations, r => r.StartsWith("requests.p95", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_MostAlertingSlo_IsNamedWithItsCounts()
    {
        var report = ReportSamples.Day();

        var message = Assert.Single(report.Recommendations, r => r.Contains("raised the most alerts", StringComparison.Ordinal));
        Assert.StartsWith("latency-p95 raised the most alerts: 2 of 3 (1 critical, 1 warning), firing 15.7 h in total, 1 not acknowledged", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MissedObjectiveAndTarget_AreEachReported()
    {
        var report = ReportSamples.Day(p95BudgetLeft: -0.4);

        Assert.Contains(report.Recommendations, r => r.StartsWith("latency-p95 missed its objective over the day: 93% good against 95%", StringComparison.Ordinal)
            && r.Contains("overspent by 40%", StringComparison.Ordinal));
        Assert.Contains("throughput missed its target over the day: 10 req/s against 100 req/s (at least 100 requests/s).", report.Recommendations);
    }

    [Fact]
    public void Build_ObjectiveMetWithMostBudgetLeft_SuggestsATighterOne()
    {
        var objectives = new[] { ReportSamples.Status(SloSamples.Availability, 0.99999, 0.99) };

        var report = SloReportBuilder.Build("memory", ReportPeriod.Weekly, ReportSamples.To.AddDays(-7), ReportSamples.To, ReportSamples.To, objectives, [], [], ReportSamples.Timeline());

        Assert.Equal(
            ["availability kept 99% of its error budget (compliance 99.999% against 99.9%): the objective may be looser than users need; 99.995% would still leave 80% of its budget at this week's error ratio."],
            report.Recommendations);
    }

    [Fact]
    public void Build_NoRequests_SaysSoWithThePeriod()
    {
        var report = ReportSamples.Day(timeline: ReportSamples.Timeline(requestsPerHour: 0, errorsPerHour: 0));

        Assert.StartsWith("No requests were recorded from 2026-03-13 00:00 UTC to 2026-03-14 00:00 UTC (0 in 24 intervals)", report.Recommendations[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NothingToFix_StillGivesTheTightestBudget()
    {
        var objectives = new[] { ReportSamples.Status(SloSamples.Availability, 0.9996, 0.6), ReportSamples.Status(SloSamples.LatencyP95, 0.97, 0.4 + 0.3) };

        var report = SloReportBuilder.Build("memory", ReportPeriod.Monthly, ReportSamples.To.AddDays(-30), ReportSamples.To, ReportSamples.To, objectives, [], [], ReportSamples.Timeline());

        Assert.Equal(["All 2 SLOs met their objectives over the month; the least error budget left is 60% (availability), so nothing needs attention."], report.Recommendations);
    }

    [Fact]
    public void Build_EveryRecommendation_CarriesAFigure()
    {
        var report = ReportSamples.Day();

        Assert.True(report.Recommendations.Count >= 4, string.Join("\n", report.Recommendations));
        Assert.All(report.Recommendations, r => Assert.Matches(Digit(), r));
    }

    [GeneratedRegex(@"\d")]
    private static partial Regex Digit();
}
