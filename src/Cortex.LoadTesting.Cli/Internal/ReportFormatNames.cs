using System.CommandLine;
using Cortex.LoadTesting.Reports;

namespace Cortex.LoadTesting.Cli.Internal;

/// <summary>The <c>--format</c> option: report names separated by commas, for example <c>json,md,html</c>.</summary>
internal static class ReportFormatNames
{
    private static readonly (string Name, ReportFormats Format)[] Known =
    [
        ("json", ReportFormats.Json),
        ("md", ReportFormats.Markdown),
        ("markdown", ReportFormats.Markdown),
        ("html", ReportFormats.Html),
        ("junit", ReportFormats.JUnit),
        ("csv", ReportFormats.Csv),
        ("all", ReportFormats.All),
    ];

    /// <summary>Creates the option; with <paramref name="defaults"/> <see langword="null"/> it has no default and is absent unless given.</summary>
    public static Option<string> CreateOption(string? defaults, string description)
    {
        var option = new Option<string>("--format", "-f")
        {
            Description = description + " Names, comma-separated: json, md, html, junit, csv, or all.",
            HelpName = "formats",
        };
        if (defaults is not null)
        {
            option.DefaultValueFactory = _ => defaults;
        }

        option.Validators.Add(r =>
        {
            if (!TryParse(r.GetValueOrDefault<string>(), out _, out var error))
            {
                r.AddError(error);
            }
        });
        return option;
    }

    /// <summary>Reads a value the option's validator accepted.</summary>
    public static ReportFormats Parse(string? text) =>
        TryParse(text, out var formats, out var error) ? formats : throw new CliUsageException(error);

    public static bool TryParse(string? text, out ReportFormats formats, out string error)
    {
        formats = ReportFormats.None;
        error = "";
        foreach (var name in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = Array.FindIndex(Known, k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));
            if (match < 0)
            {
                error = $"--format '{name}' is not a report; use json, md, html, junit, csv or all, separated by commas.";
                return false;
            }

            formats |= Known[match].Format;
        }

        if (formats == ReportFormats.None)
        {
            error = "--format names no report; use json, md, html, junit, csv or all, separated by commas.";
            return false;
        }

        return true;
    }
}
