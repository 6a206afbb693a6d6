using System.Text;
using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Results;

namespace Cortex.LoadTesting.Reports;

public static partial class LoadTestReports
{
    /// <summary>
    /// Writes a Markdown summary, for example for a CI job summary: the run's figures, the thresholds, each scenario
    /// and step, the most frequent errors, the breakpoint analysis when there is one, and the recommendations.
    /// Numbers use the invariant culture.
    /// </summary>
    /// <param name="result">The result.</param>
    /// <returns>The Markdown text.</returns>
    public static string ToMarkdown(LoadTestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var md = new StringBuilder();
        md.Append("# ").Append(MarkdownText(ReportContent.Title(result))).Append("\n\n");
        md.Append("**").Append(ReportContent.Verdict(result)).Append("**\n");
        foreach (var section in ReportContent.Sections(result))
        {
            md.Append("\n## ").Append(MarkdownText(section.Title)).Append('\n');
            if (section.Text is not null)
            {
                md.Append('\n').Append(MarkdownText(section.Text)).Append('\n');
            }

            foreach (var table in section.Tables)
            {
                if (table.Caption is not null)
                {
                    md.Append("\n### ").Append(MarkdownText(table.Caption)).Append('\n');
                }

                md.Append('\n');
                AppendMarkdownRow(md, table.Headers);
                md.Append('|').Append(string.Concat(table.Headers.Select(_ => " --- |"))).Append('\n');
                foreach (var row in table.Rows)
                {
                    AppendMarkdownRow(md, row);
                }
            }

            if (section.Items.Count > 0)
            {
                md.Append('\n');
                foreach (var item in section.Items)
                {
                    md.Append("- ").Append(MarkdownText(item)).Append('\n');
                }
            }
        }

        return md.ToString();
    }

    private static void AppendMarkdownRow(StringBuilder md, IReadOnlyList<string> cells)
    {
        md.Append('|');
        foreach (var cell in cells)
        {
            md.Append(' ').Append(MarkdownText(cell)).Append(" |");
        }

        md.Append('\n');
    }

    // Names and error types come from users and servers: keep them inside their cell and out of HTML that renderers
    // would interpret. Only a "<" that could open a tag (before a letter, "/", "!" or "?") is escaped, with a backslash,
    // so "p(95) <= 2000 ms" reads as written, in the rendered page and in the raw text alike.
    private static string MarkdownText(string text) => TagStart().Replace(
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("\r", " ", StringComparison.Ordinal)
            .Replace("\n", " ", StringComparison.Ordinal),
        "\\<");

    [System.Text.RegularExpressions.GeneratedRegex("<(?=[A-Za-z/!?])")]
    private static partial System.Text.RegularExpressions.Regex TagStart();
}
