using Cortex.Internal;
using System.Net;
using System.Text;
using Cortex.LoadTesting.Internal;

namespace Cortex.LoadTesting;

public static partial class LoadTestReports
{
    private const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1f2328;background:#fff}
        h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}h3{font-size:1rem}
        .verdict{font-weight:600;display:inline-block;padding:.2rem .6rem;border-radius:.3rem;color:#fff}.passed{background:#1a7f37}.failed{background:#cf222e}
        table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}th,td{border:1px solid #d0d7de;padding:.25rem .6rem;text-align:left}th{background:#f6f8fa}
        td.fail{background:#ffebe9;color:#a40e26;font-weight:600}
        .charts{display:grid;grid-template-columns:1fr;gap:1rem}figure{margin:0}figcaption{font-weight:600;margin-bottom:.3rem}
        svg.chart{width:100%;height:auto;border:1px solid #d0d7de;border-radius:.3rem;background:#fff}
        svg .grid{stroke:#eaeef2;stroke-width:1}svg text{font-size:11px;fill:#57606a}svg .legend{font-size:12px;font-weight:600}svg .empty{font-size:14px}
        """;

    /// <summary>
    /// Writes one self-contained HTML page: inline CSS, inline SVG charts of latency (p50, p95, p99), throughput,
    /// errors and active users over time, and the tables of <see cref="ToMarkdown"/>. It loads nothing from anywhere
    /// (no script, font or stylesheet link), so it opens offline; every text taken from the result is HTML-encoded.
    /// </summary>
    /// <param name="result">The result.</param>
    /// <returns>The HTML text.</returns>
    public static string ToHtml(LoadTestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var title = WebUtility.HtmlEncode(ReportContent.Title(result));
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(title).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(title).Append("</h1>\n");
        html.Append("<p><span class=\"verdict ").Append(result.Passed ? "passed" : "failed").Append("\">")
            .Append(WebUtility.HtmlEncode(ReportContent.Verdict(result))).Append("</span></p>\n");

        var sections = ReportContent.Sections(result);
        AppendHtmlSection(html, sections[0]);
        AppendCharts(html, FullIntervals(result.Timeline));
        foreach (var section in sections.Skip(1))
        {
            AppendHtmlSection(html, section);
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>
    /// The timeline without a last interval cut short by the end of the run (under half the one before): its few
    /// requests would be drawn as a full point, with throughput and users dropping to the floor and a p99 of a handful.
    /// </summary>
    internal static IReadOnlyList<TimelinePoint> FullIntervals(IReadOnlyList<TimelinePoint> timeline) =>
        timeline.Count >= 2 && timeline[^1].Interval < timeline[^2].Interval / 2 ? [.. timeline.Take(timeline.Count - 1)] : timeline;

    private static void AppendCharts(StringBuilder html, IReadOnlyList<TimelinePoint> timeline)
    {
        double[] Series(Func<TimelinePoint, double> value) => [.. timeline.Select(value)];
        var x = Series(p => p.Elapsed.TotalSeconds);
        html.Append("<h2>Timeline</h2>\n<div class=\"charts\">\n");
        AppendChart(html, "chart-latency", "Latency over time (corrected)", "ms", x,
        [
            new ChartSeries("p50", "#2da44e", Series(p => p.P50)),
            new ChartSeries("p95", "#bf8700", Series(p => p.P95)),
            new ChartSeries("p99", "#cf222e", Series(p => p.P99)),
        ]);
        AppendChart(html, "chart-throughput", "Throughput", "requests/s", x, [new ChartSeries("throughput", "#0969da", Series(p => p.Throughput))]);
        AppendChart(html, "chart-errors", "Errors", "failed requests per interval", x, [new ChartSeries("errors", "#cf222e", Series(p => p.Errors))]);
        AppendChart(html, "chart-users", "Active users", "virtual users", x,
        [
            new ChartSeries("active", "#8250df", Series(p => p.ActiveUsers)),
            new ChartSeries("target load", "#8c959f", Series(p => p.TargetLoad)),
        ]);
        html.Append("</div>\n");
    }

    private static void AppendChart(StringBuilder html, string id, string title, string unit, IReadOnlyList<double> x, IReadOnlyList<ChartSeries> series)
    {
        html.Append("<figure>\n<figcaption>").Append(WebUtility.HtmlEncode(title)).Append("</figcaption>\n");
        SvgLineChart.Write(html, id, title, unit, x, series);
        html.Append("\n</figure>\n");
    }

    private static void AppendHtmlSection(StringBuilder html, ReportSection section)
    {
        html.Append("<h2>").Append(WebUtility.HtmlEncode(section.Title)).Append("</h2>\n");
        if (section.Text is not null)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(section.Text)).Append("</p>\n");
        }

        foreach (var table in section.Tables)
        {
            if (table.Caption is not null)
            {
                html.Append("<h3>").Append(WebUtility.HtmlEncode(table.Caption)).Append("</h3>\n");
            }

            html.Append("<table>\n");
            AppendHtmlRow(html, "th", table.Headers);
            foreach (var row in table.Rows)
            {
                AppendHtmlRow(html, "td", row);
            }

            html.Append("</table>\n");
        }

        if (section.Items.Count > 0)
        {
            html.Append("<ul>\n");
            foreach (var item in section.Items)
            {
                html.Append("<li>").Append(WebUtility.HtmlEncode(item)).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }
    }

    private static void AppendHtmlRow(StringBuilder html, string cell, IReadOnlyList<string> cells)
    {
        html.Append("<tr>");
        foreach (var text in cells)
        {
            var failed = cell == "td" && (text == "FAIL" || text.StartsWith("FAIL ", StringComparison.Ordinal));
            html.Append('<').Append(cell).Append(failed ? " class=\"fail\">" : ">").Append(WebUtility.HtmlEncode(text)).Append("</").Append(cell).Append('>');
        }

        html.Append("</tr>\n");
    }
}
