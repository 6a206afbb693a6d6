using System.Text;
using Cortex.Slo.Reports;

namespace Cortex.Slo.Reports;

public static partial class SloReports
{
    /// <summary>
    /// Writes the report as GitHub-flavoured Markdown: the verdict, a summary, the compliance table, the alerts, the
    /// trends and the recommendations. Text from the data is escaped so that it cannot break a table or inject HTML.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <returns>The Markdown text.</returns>
    public static string ToMarkdown(SloReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.Append("# ").Append(Md(SloReportContent.Title(report))).Append("\n\n");
        md.Append("**").Append(Md(SloReportContent.Verdict(report))).Append("**, ").Append(Md(SloReportContent.Span(report))).Append('\n');
        foreach (var part in SloReportContent.Parts(report))
        {
            md.Append("\n## ").Append(Md(part.Heading)).Append("\n\n");
            if (part.Text is not null)
            {
                md.Append(Md(part.Text)).Append('\n');
            }

            if (part.Table is { } table)
            {
                md.Append("| ").AppendJoin(" | ", table.Header.Select(Md)).Append(" |\n");
                md.Append('|').AppendJoin('|', table.Header.Select(_ => " --- ")).Append("|\n");
                foreach (var row in table.Rows)
                {
                    md.Append("| ").AppendJoin(" | ", row.Select(Md)).Append(" |\n");
                }
            }

            foreach (var item in part.Items ?? [])
            {
                md.Append("- ").Append(Md(item)).Append('\n');
            }
        }

        return md.ToString();
    }

    /// <summary>Escapes what Markdown would read as a table border, markup or HTML, and keeps the text on one line.</summary>
    private static string Md(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '|' or '\\' or '*' or '_' or '`' or '[' or ']' or '#' => "\\" + c,
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '\r' or '\n' => " ",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
