using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cortex.Slo.Internal;

namespace Cortex.Slo.Reports;

/// <summary>Writes a <see cref="SloReport"/> as JSON (which reads back), Markdown, or one self-contained HTML page with charts.</summary>
public static partial class SloReports
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static readonly JsonSerializerOptions Json = CreateJsonOptions();

    /// <summary>Writes the report as indented JSON: camelCase names, enums as camelCase strings, time spans as <c>d.hh:mm:ss</c>.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(SloReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, Json);
    }

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The report.</returns>
    /// <exception cref="InvalidDataException">The text is not a report; the message names the JSON path and line of the problem.</exception>
    public static SloReport FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<SloReport>(json, Json)
                ?? throw new InvalidDataException("The SLO report JSON is the literal null; expected an object written by SloReports.ToJson.");
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? $", line {l + 1}" : "";
            throw new InvalidDataException($"The SLO report JSON is invalid at {ex.Path ?? "$"}{line}: {ex.Message} Write it again with SloReports.ToJson.", ex);
        }
    }

    /// <summary>
    /// Writes the report into <paramref name="directory"/> (created when missing) as JSON, Markdown and HTML, named
    /// <c>slo-report-{service}-{period}-{end of period, UTC}</c> with the service made safe for a file name; files of
    /// the same name are replaced.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <param name="directory">The directory to write into.</param>
    /// <param name="cancellationToken">Cancels the writing.</param>
    /// <returns>The paths written: the <c>.json</c>, the <c>.md</c> and the <c>.html</c> file.</returns>
    public static async Task<IReadOnlyList<string>> WriteAsync(SloReport report, string directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(
            directory,
            $"slo-report-{Names.DnsLabel(report.Service, "service")}-{report.Period.ToString().ToLowerInvariant()}-{report.To.ToUniversalTime():yyyyMMdd'T'HHmm'Z'}");
        var written = new List<string>();
        foreach (var (extension, render) in new (string, Func<SloReport, string>)[] { (".json", ToJson), (".md", ToMarkdown), (".html", ToHtml) })
        {
            var path = stem + extension;
            await File.WriteAllTextAsync(path, render(report), Utf8, cancellationToken).ConfigureAwait(false);
            written.Add(path);
        }

        return written;
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,

            // A burn rate can be infinite and a figure without data NaN.
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,

            // The file is data, never inlined in a page: keep "95% of requests < 2 s" readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            RespectNullableAnnotations = true,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
