using Cortex.Internal;
using System.Net;
using System.Text;
using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Thresholds;

namespace Cortex.LoadTesting.Reports;

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
        svg .grid{stroke:#eaeef2;stroke-width:1}svg .threshold-label{font-size:11px}svg rect.bar:hover,svg circle.point:hover{fill-opacity:.8}svg text{font-size:11px;fill:#57606a}svg .legend{font-size:12px;font-weight:600}svg .empty{font-size:14px}
        """;

    /// <summary>
    /// Writes one self-contained HTML page: inline CSS, inline SVG charts of latency (p50, p95, p99), throughput,
    /// error rate and active users over time with the thresholds drawn on the charts they judge, p95 latency by step,
    /// the latency distribution, and the tables of <see cref="ToMarkdown"/> (with the run's setup and data sent and
    /// received). Every point and bar shows its value on hover (an SVG title). It loads nothing from anywhere (no
    /// script, font or stylesheet link), so it opens offline; every text taken from the result is HTML-encoded.
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
        AppendCharts(html, result, FullIntervals(result.Timeline));
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

    private static readonly string[] StepColors = ["#0969da", "#bf3989", "#1a7f37", "#9a6700", "#8250df", "#cf222e", "#57606a", "#0550ae"];

    private static void AppendCharts(StringBuilder html, LoadTestResult result, IReadOnlyList<TimelinePoint> timeline)
    {
        double[] Series(Func<TimelinePoint, double> value) => [.. timeline.Select(value)];
        var x = Series(p => p.Elapsed.TotalSeconds);
        var thresholds = ThresholdLines(result);
        html.Append("<h2>Timeline</h2>\n<div class=\"charts\">\n");
        AppendChart(html, "chart-latency", "Latency over time (corrected)", "ms", x,
        [
            new ChartSeries("p50", "#2da44e", Series(p => p.P50)),
            new ChartSeries("p95", "#bf8700", Series(p => p.P95)),
            new ChartSeries("p99", "#cf222e", Series(p => p.P99)),
        ], thresholds.Where(t => t.Step is null && t.Expression.IsLatency), Figures.Number);
        AppendChart(html, "chart-throughput", "Throughput", "requests/s", x, [new ChartSeries("throughput", "#0969da", Series(p => p.Throughput))],
            thresholds.Where(t => t.Step is null && t.Expression.Metric == ThresholdMetric.Throughput), Figures.Number);

        // A rate, not a count: 50 errors mean nothing without the requests they are out of.
        AppendChart(html, "chart-error-rate", "Error rate", "failed requests", x,
            [new ChartSeries("error rate", "#cf222e", Series(p => p.Requests == 0 ? 0 : (double)p.Errors / p.Requests))],
            thresholds.Where(t => t.Step is null && t.Expression.Metric == ThresholdMetric.ErrorRate), Figures.Percent);
        AppendChart(html, "chart-users", "Active users", "virtual users", x,
        [
            new ChartSeries("active", "#8250df", Series(p => p.ActiveUsers)),
            new ChartSeries("target load", "#8c959f", Series(p => p.TargetLoad)),
        ], [], Figures.Number);

        var steps = result.Scenarios.SelectMany(sc => sc.Steps.Select(st => (Scenario: sc.Name, Step: st.Name))).ToList();
        if (steps.Count > 0 && timeline.Any(p => p.Steps.Count > 0))
        {
            var named = steps.Select(s => steps.Count(o => o.Step == s.Step) > 1 ? $"{s.Scenario}/{s.Step}" : s.Step).ToList();
            var stepSeries = steps.Select((s, i) => new ChartSeries(
                named[i],
                StepColors[i % StepColors.Length],
                Series(p => p.Steps.FirstOrDefault(st => st.Scenario == s.Scenario && st.Step == s.Step)?.P95 ?? 0))).ToList();
            AppendChart(html, "chart-steps", "p95 latency by step", "ms", x, stepSeries,
                thresholds.Where(t => t.Step is not null && t.Expression.IsLatency), Figures.Number);
        }

        html.Append("</div>\n");
        AppendDistribution(html, result.Requests.Latency);
    }

    private static void AppendChart(
        StringBuilder html, string id, string title, string unit, IReadOnlyList<double> x, IReadOnlyList<ChartSeries> series, IEnumerable<ThresholdLine> thresholds, Func<double, string> format)
    {
        html.Append("<figure>\n<figcaption>").Append(WebUtility.HtmlEncode(title)).Append("</figcaption>\n");
        SvgLineChart.Write(html, id, title, unit, x, series, lines: [.. thresholds.Select(t => t.Line)], format: format);
        html.Append("\n</figure>\n");
    }

    /// <summary>A threshold drawn on the chart of its metric: red when it failed, grey when it held.</summary>
    private sealed record ThresholdLine(ThresholdExpression Expression, string? Step, ChartLine Line);

    private static List<ThresholdLine> ThresholdLines(LoadTestResult result) =>
    [
        .. result.Thresholds
            .Select(t => (Result: t, Parsed: ThresholdExpression.TryParse(t.Expression, out var e, out _) ? e : null))
            .Where(t => t.Parsed is not null)
            .Select(t => new ThresholdLine(
                t.Parsed!,
                t.Result.Step,
                new ChartLine(
                    $"{(t.Result.Step is null ? "" : t.Result.Step + ": ")}{ThresholdExpression.Describe(t.Result.Expression)} ({(t.Result.Passed ? "held" : "failed")})",
                    t.Result.Passed ? "#57606a" : "#cf222e",
                    t.Parsed!.Value))),
    ];

    private static void AppendDistribution(StringBuilder html, LatencyStats latency)
    {
        html.Append("<h2>Latency distribution</h2>\n<figure>\n<figcaption>Requests by latency (corrected), all steps</figcaption>\n");
        LatencyDistribution.Write(html, LatencyDistribution.Buckets(latency.Histogram));
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
