using System.Globalization;
using Cortex.LoadTesting.Reports;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Tests.Support;
using Cortex.Tests.Shared;

namespace Cortex.LoadTesting.Tests.Reports;

/// <summary>What a reader sees in the reports: highlighted failures, charts that end where the run ends, units.</summary>
public class LoadTestReportsReadingTests
{
    [Fact]
    public void ToHtml_FailingThreshold_IsHighlightedAndReadable()
    {
        var page = HtmlPages.Parse(LoadTestReports.ToHtml(ReportSamples.Full()));

        var fail = HtmlPages.Colors(HtmlPages.Cell(page, "FAIL"));
        var plain = HtmlPages.Colors(HtmlPages.Cell(page, "all requests"));

        Assert.True(plain != fail, $"{plain} {fail}");
        Assert.NotEqual(fail.Color, fail.Background);
    }

    [Fact]
    public void ToHtml_LastPartialInterval_IsNotDrawnAsAFullPoint()
    {
        var result = WithPartialLastInterval();

        var page = HtmlPages.Parse(LoadTestReports.ToHtml(result));

        foreach (var chart in new[] { "chart-latency", "chart-throughput", "chart-users" })
        {
            var line = page.QuerySelector($"#{chart} polyline")!;
            Assert.Equal(3, line.GetAttribute("points")!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        }
    }

    [Fact]
    public void ToHtml_ThirtySecondRun_XAxisEndsAtThirtySeconds()
    {
        double[] latencies = [10, 11, 12];
        var result = ReportSamples.Full() with
        {
            Duration = TimeSpan.FromSeconds(30.02),
            Timeline =
            [
                .. Enumerable.Range(0, 30).Select(i => SampleResults.Point(i, 5, latencies, activeUsers: 5)),
                SampleResults.Point(30, 5, latencies, interval: TimeSpan.FromMilliseconds(20)) with { Elapsed = TimeSpan.FromSeconds(30.02) },
            ],
        };

        var page = HtmlPages.Parse(LoadTestReports.ToHtml(result));

        var ticks = page.QuerySelectorAll("#chart-throughput text.tick").Select(t => t.TextContent).Where(t => t.EndsWith('s')).ToList();
        Assert.Equal("30s", ticks[^1]);
    }

    [Fact]
    public void ToMarkdown_Thresholds_HaveUnitsAndPlainLessThan()
    {
        var md = LoadTestReports.ToMarkdown(SampleResults.Judged(ReportSamples.Full(), "p(95)<=2000", "rate<0.5"));

        Assert.DoesNotContain("&lt;", md, StringComparison.Ordinal);
        Assert.True(md.Contains("p(95) <= 2,000 ms", StringComparison.Ordinal), md);
        Assert.Contains("p(95) <= 2,000 ms", md, StringComparison.Ordinal);
        Assert.Contains("rate < 50%", md, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_Figures_UseOnePrecision()
    {
        var md = LoadTestReports.ToMarkdown(ReportSamples.Full());

        // Observed values are written like every other figure: in their unit, at most two decimals.
        var thresholds = md[md.IndexOf("## Thresholds", StringComparison.Ordinal)..md.IndexOf("## Scenarios", StringComparison.Ordinal)];
        Assert.DoesNotMatch(@"\| \d+\.\d{3,} ", thresholds);
        Assert.Contains(" ms |", thresholds, StringComparison.Ordinal);
    }

    private static LoadTestResult WithPartialLastInterval()
    {
        double[] latencies = [10, 11, 12, 13];
        double[] slow = [950];
        return ReportSamples.Full() with
        {
            Duration = TimeSpan.FromSeconds(3.02),
            Timeline =
            [
                SampleResults.Point(0, 4, latencies, activeUsers: 4),
                SampleResults.Point(1, 4, latencies, activeUsers: 4),
                SampleResults.Point(2, 4, latencies, activeUsers: 4),
                SampleResults.Point(3, 4, slow, activeUsers: 0, interval: TimeSpan.FromMilliseconds(20)) with { Elapsed = TimeSpan.FromSeconds(3.02) },
            ],
        };
    }
}
