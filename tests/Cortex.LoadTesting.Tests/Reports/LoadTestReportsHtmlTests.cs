using Cortex.LoadTesting.Reports;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Tests.Support;

namespace Cortex.LoadTesting.Tests.Reports;

public class LoadTestReportsHtmlTests
{
    [Theory]
    [InlineData("chart-latency")]
    [InlineData("chart-throughput")]
    [InlineData("chart-error-rate")]
    [InlineData("chart-users")]
    public void ToHtml_Timeline_DrawsEachChartAsInlineSvg(string chart)
    {
        var svg = Svg(LoadTestReports.ToHtml(ReportSamples.Full()), chart);

        Assert.Contains("<polyline", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_LatencyChart_HasThreePercentileLines()
    {
        var svg = Svg(LoadTestReports.ToHtml(ReportSamples.Full()), "chart-latency");

        Assert.Equal(3, svg.Split("<polyline").Length - 1);
        Assert.Contains(">p99</text>", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_AnyResult_LoadsNothingFromOutside()
    {
        var html = LoadTestReports.ToHtml(ReportSamples.Full());

        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_MarkupInNames_IsEncoded()
    {
        var result = ReportSamples.Full("<script>alert(1)</script>") with
        {
            Errors = [new ErrorSummary("s", "<b>step</b>", "exception:<IOException>", null, 1)],
        };

        var html = LoadTestReports.ToHtml(result);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>step", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("exception:&lt;IOException&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_Tables_MatchMarkdownSections()
    {
        var html = LoadTestReports.ToHtml(ReportSamples.Full());

        Assert.Contains("<h2>Thresholds</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<td>p(95)&lt;100</td>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Breakpoint analysis</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Recommendations</h2>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_EmptyTimeline_SaysSoInEachChart()
    {
        var html = LoadTestReports.ToHtml(SampleResults.Single([5, 6]));

        Assert.Equal(4, html.Split("no timeline data").Length - 1);
        Assert.DoesNotContain("<polyline", html, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", html, StringComparison.Ordinal);
    }

    private static string Svg(string html, string id)
    {
        var start = html.IndexOf($"<svg id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no svg {id}");
        return html[start..html.IndexOf("</svg>", start, StringComparison.Ordinal)];
    }
}
