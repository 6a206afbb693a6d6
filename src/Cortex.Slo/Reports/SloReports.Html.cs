using System.Net;
using System.Text;
using Cortex.Internal;
using Cortex.Slo.Reports;

namespace Cortex.Slo.Reports;

public static partial class SloReports
{
    private const string Style = """
        :root{color-scheme:light}body{margin:2rem auto;max-width:62rem;padding:0 1rem;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#24292f}
        h1{font-size:1.5rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin:2rem 0 .6rem;padding-bottom:.25rem;border-bottom:1px solid #d8dee4}
        .verdict{display:inline-block;padding:.15rem .6rem;border-radius:1rem;font-weight:600;color:#fff}.met{background:#1a7f37}.missed{background:#cf222e}.span{color:#57606a}
        table{border-collapse:collapse;font-size:.88rem;margin:.4rem 0}th,td{padding:.3rem .6rem;border:1px solid #d8dee4;text-align:left;vertical-align:top}th{background:#f6f8fa}
        td.missed{background:#ffebe9;color:#a40e26;font-weight:600}td.nodata{color:#57606a;font-style:italic}figure{margin:0 0 1rem}figcaption{font-weight:600;margin:.4rem 0}
        svg.chart{display:block;width:100%;height:auto;border:1px solid #d8dee4;border-radius:.4rem}svg .grid{stroke:#eaeef2}svg .track{fill:#eaeef2}
        svg text{font-size:11px;fill:#57606a}svg .legend{font-size:12px;font-weight:600;fill:#24292f}svg .empty{font-size:14px}
        """;

    /// <summary>
    /// Writes one self-contained HTML page: inline CSS, the tables of <see cref="ToMarkdown"/>, and inline SVG charts of
    /// requests and errors, error rate and p95/p99 latency over the period, and each SLO's error budget left. It links to
    /// nothing and runs no script, so it opens offline and can be mailed; every text taken from the report is HTML-encoded.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <returns>The HTML text.</returns>
    public static string ToHtml(SloReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var title = WebUtility.HtmlEncode(SloReportContent.Title(report));
        var html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>").Append(title).Append("</title>\n");
        html.Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n<h1>").Append(title).Append("</h1>\n<p><span class=\"verdict ")
            .Append(report.OverallCompliant ? "met" : "missed").Append("\">").Append(WebUtility.HtmlEncode(SloReportContent.Verdict(report)))
            .Append("</span> <span class=\"span\">").Append(WebUtility.HtmlEncode(SloReportContent.Span(report))).Append("</span></p>\n");

        var parts = SloReportContent.Parts(report);
        HtmlPart(html, parts[0]);
        Charts(html, report);
        foreach (var part in parts.Skip(1))
        {
            HtmlPart(html, part);
        }

        return html.Append("</body>\n</html>\n").ToString();
    }

    private static void Charts(StringBuilder html, SloReport report)
    {
        // Time since the first point: minutes for a short timeline, hours for a day's, days for a week's or a month's.
        var origin = report.Timeline.Count > 0 ? report.Timeline[0].Time : report.From;
        var span = report.To - origin;
        var (unit, xUnit) = span > TimeSpan.FromDays(2) ? (TimeSpan.FromDays(1), "d") : span > TimeSpan.FromHours(3) ? (TimeSpan.FromHours(1), "h") : (TimeSpan.FromMinutes(1), "min");
        double[] x = [.. report.Timeline.Select(p => (p.Time - origin) / unit)];
        double[] Of(Func<SloReportPoint, double> value) => [.. report.Timeline.Select(value)];

        html.Append("<h2>Over the period</h2>\n");
        if (report.Timeline.Count > 0)
        {
            var step = report.Timeline.Count > 1 ? report.Timeline[1].Time - report.Timeline[0].Time : unit;
            html.Append("<p class=\"span\">Time axis from ").Append(WebUtility.HtmlEncode(Figures.Time(origin)))
                .Append(step < TimeSpan.FromHours(1) ? ", one point per minute" : ", one point per hour").Append(".</p>\n");
        }

        Figure(html, "Requests and errors", h => SvgLineChart.Write(h, "chart-requests", "Requests and errors", "per interval", x,
        [
            new ChartSeries("requests", "#0969da", Of(p => p.Requests)),
            new ChartSeries("errors", "#cf222e", Of(p => p.Errors)),
        ], xUnit));
        Figure(html, "Error rate", h => SvgLineChart.Write(h, "chart-error-rate", "Error rate", "% of requests", x,
            [new ChartSeries("error rate", "#cf222e", Of(p => p.Requests == 0 ? 0 : 100.0 * p.Errors / p.Requests))], xUnit));
        Figure(html, "Latency", h => SvgLineChart.Write(h, "chart-latency", "Latency", "ms", x,
        [
            new ChartSeries("p95", "#bf8700", Of(p => p.P95Ms)),
            new ChartSeries("p99", "#8250df", Of(p => p.P99Ms)),
        ], xUnit));
        Figure(html, "Error budget left", h => SvgBudgetBars.Write(h, "chart-budget", "Error budget left",
            [.. report.Compliance.Where(c => c.ErrorBudgetRemaining.HasValue).Select(c => (c.Name, c.ErrorBudgetRemaining!.Value))]));
    }

    private static void Figure(StringBuilder html, string caption, Action<StringBuilder> chart)
    {
        html.Append("<figure>\n<figcaption>").Append(WebUtility.HtmlEncode(caption)).Append("</figcaption>\n");
        chart(html);
        html.Append("\n</figure>\n");
    }

    private static void HtmlPart(StringBuilder html, ReportPart part)
    {
        html.Append("<h2>").Append(WebUtility.HtmlEncode(part.Heading)).Append("</h2>\n");
        if (part.Text is not null)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(part.Text)).Append("</p>\n");
        }

        if (part.Table is { } table)
        {
            html.Append("<table>\n<tr>");
            foreach (var header in table.Header)
            {
                html.Append("<th>").Append(WebUtility.HtmlEncode(header)).Append("</th>");
            }

            html.Append("</tr>\n");
            foreach (var row in table.Rows)
            {
                html.Append("<tr>");
                foreach (var cell in row)
                {
                    html.Append(cell switch { "MISSED" => "<td class=\"missed\">", SloReportContent.NoData => "<td class=\"nodata\">", _ => "<td>" }).Append(WebUtility.HtmlEncode(cell)).Append("</td>");
                }

                html.Append("</tr>\n");
            }

            html.Append("</table>\n");
        }

        if (part.Items is { Count: > 0 } items)
        {
            html.Append("<ul>\n");
            foreach (var item in items)
            {
                html.Append("<li>").Append(WebUtility.HtmlEncode(item)).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }
    }
}
