using Cortex.Slo.Reports;
using Cortex.Slo.Status;
using Cortex.Slo.Tests.Support;
using Cortex.Tests.Shared;

namespace Cortex.Slo.Tests.Reports;

/// <summary>What a reader sees in the SLO report: a readable missed status, no data that never reads as met.</summary>
public class SloReportsReadingTests
{
    [Fact]
    public void ToHtml_MissedObjective_TextAndBackgroundDiffer()
    {
        var page = HtmlPages.Parse(SloReports.ToHtml(ReportSamples.Day()));

        var missed = HtmlPages.Colors(HtmlPages.Cell(page, "MISSED"));

        Assert.True(missed.Color != missed.Background, $"{missed.Color} on {missed.Background}");
    }

    [Fact]
    public void ToMarkdown_SloWithoutData_SaysNoDataNotMet()
    {
        var report = SloReportBuilder.Build(
            "memory", ReportPeriod.Daily, ReportSamples.From, ReportSamples.To, ReportSamples.To,
            [ReportSamples.Status(SloSamples.Availability, 0.9995, 0.5), ReportSamples.Status(SloSamples.Availability with { Name = "zai-cache-hit-rate" }, null, null)],
            [], [], ReportSamples.Timeline());

        var md = SloReports.ToMarkdown(report);

        var row = md.Split('\n').Single(l => l.StartsWith("| zai-cache-hit-rate ", StringComparison.Ordinal));
        Assert.EndsWith("| no data |", row, StringComparison.Ordinal);
        Assert.Contains("1 SLO met, 1 without data", md, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_Trends_BudgetColumnIsNeverBlank()
    {
        var md = SloReports.ToMarkdown(ReportSamples.Day());

        var row = md.Split('\n').Single(l => l.StartsWith("| requests.p95 ", StringComparison.Ordinal));
        Assert.EndsWith("| n/a |", row, StringComparison.Ordinal);
    }
}
