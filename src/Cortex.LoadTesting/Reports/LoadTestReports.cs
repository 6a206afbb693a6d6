using System.Text;
using Cortex.LoadTesting.Results;

namespace Cortex.LoadTesting.Reports;

/// <summary>
/// Turns a <see cref="LoadTestResult"/> into reports: complete JSON (which reads back and merges exactly), a Markdown
/// summary, a self-contained HTML page with charts, JUnit XML for CI, and the timeline as CSV.
/// </summary>
public static partial class LoadTestReports
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes the chosen reports into <paramref name="directory"/> (created when missing) as
    /// <c>{test-name}.json</c>, <c>.md</c>, <c>.html</c>, <c>.junit.xml</c> and <c>.csv</c>, where the test name is made
    /// safe for a file name. Existing files of the same name are replaced.
    /// </summary>
    /// <param name="result">The result.</param>
    /// <param name="directory">The directory to write into.</param>
    /// <param name="formats">The reports to write.</param>
    /// <param name="cancellationToken">Cancels the writing.</param>
    /// <returns>The paths of the files written, in the order of <see cref="ReportFormats"/>.</returns>
    public static async Task<IReadOnlyList<string>> WriteAsync(LoadTestResult result, string directory, ReportFormats formats = ReportFormats.All, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, SafeFileName(result.TestName));
        var written = new List<string>();

        if (formats.HasFlag(ReportFormats.Json))
        {
            var path = stem + ".json";
            var stream = File.Create(path);
            await using (stream.ConfigureAwait(false))
            {
                await WriteJsonAsync(result, stream, cancellationToken).ConfigureAwait(false);
            }

            written.Add(path);
        }

        (ReportFormats Format, string Extension, Func<LoadTestResult, string> Render)[] texts =
        [
            (ReportFormats.Markdown, ".md", ToMarkdown),
            (ReportFormats.Html, ".html", ToHtml),
            (ReportFormats.JUnit, ".junit.xml", ToJUnitXml),
            (ReportFormats.Csv, ".csv", ToCsv),
        ];
        foreach (var (format, extension, render) in texts)
        {
            if (formats.HasFlag(format))
            {
                var path = stem + extension;
                await File.WriteAllTextAsync(path, render(result), Utf8NoBom, cancellationToken).ConfigureAwait(false);
                written.Add(path);
            }
        }

        return written;
    }

    /// <summary>
    /// Gets the file name (without extension) the reports of a test are written under: letters, digits, <c>-</c>,
    /// <c>_</c> and <c>.</c> are kept, the same on every file system; the rest become <c>-</c>.
    /// </summary>
    /// <param name="testName">The test's name.</param>
    /// <returns>The file name stem.</returns>
    public static string SafeFileName(string testName)
    {
        ArgumentNullException.ThrowIfNull(testName);
        var name = new StringBuilder(testName.Length);
        foreach (var c in testName)
        {
            var keep = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
            if (keep || (name.Length > 0 && name[^1] != '-'))
            {
                name.Append(keep ? c : '-');
            }
        }

        var safe = name.ToString().Trim('-', '.');
        return safe.Length == 0 ? "load-test" : safe;
    }
}
