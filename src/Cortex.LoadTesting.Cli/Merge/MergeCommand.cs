using System.CommandLine;
using Cortex.LoadTesting.Cli.Internal;
using Cortex.LoadTesting.Cli.Run;
using Cortex.LoadTesting.Reports;
using Cortex.LoadTesting.Results;
using Spectre.Console;

namespace Cortex.LoadTesting.Cli.Merge;

/// <summary>
/// <c>cortex-load merge seg1.json seg2.json --out merged.json</c>: combines the segments of a distributed run exactly
/// (histograms added), judges the thresholds again on the whole, and exits 99 when they fail, 2 when the results do
/// not belong together.
/// </summary>
internal sealed class MergeCommand(CliContext context)
{
    private const string DefaultOutput = "merged.json";

    private readonly Argument<string[]> _results = new("results")
    {
        Description = "The JSON results of the segments of one run (cortex-load run --segment i/n).",
        Arity = ArgumentArity.OneOrMore,
    };

    private readonly Option<string> _out = new("--out", "-o")
    {
        Description = "The merged JSON result to write.",
        HelpName = "file",
        DefaultValueFactory = _ => DefaultOutput,
    };

    private readonly Option<string> _format = ReportFormatNames.CreateOption(null, "Also write these reports of the merged run, next to --out and named after the test.");

    public Command Build()
    {
        var command = new Command("merge", "Merge the results of the segments of a distributed run into one; exit 99 when the whole run failed its thresholds.") { _results, _out, _format };
        command.SetAction((parse, ct) => context.GuardAsync(() => ExecuteAsync(parse, ct), ct));
        return command;
    }

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var paths = parse.GetValue(_results)!;
        var results = new List<LoadTestResult>(paths.Length);
        foreach (var path in paths)
        {
            results.Add(await ResultFiles.ReadAsync(path, cancellationToken).ConfigureAwait(false));
        }

        LoadTestResult merged;
        try
        {
            merged = LoadTestResultMerger.Merge(results);
        }
        catch (ArgumentException ex)
        {
            // The message says what is wrong; ArgumentException's " (Parameter 'results')" is for developers.
            var message = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal);
            throw new CliUsageException($"these results cannot be merged: {message}", ex);
        }

        var outFile = parse.GetValue(_out) ?? DefaultOutput;
        var directory = Path.GetDirectoryName(Path.GetFullPath(outFile))!;
        ReportFiles.EnsureDirectory(directory, "--out");
        await WriteJsonAsync(merged, outFile, cancellationToken).ConfigureAwait(false);
        List<string> written = [outFile];
        if (parse.GetValue(_format) is { } format)
        {
            // The merged JSON is --out itself; a second copy named after the test would only confuse.
            var formats = ReportFormatNames.Parse(format) & ~ReportFormats.Json;
            written.AddRange(await ReportFiles.WriteAsync(merged, directory, formats, cancellationToken).ConfigureAwait(false));
        }

        context.Console.MarkupLine($"merged {results.Count} results of '{Markup.Escape(merged.TestName)}' (segment {merged.Segment}).");
        if (merged.StopReason is { } reason && merged.Status == LoadTestStatus.Completed)
        {
            context.Console.MarkupLine($"[yellow]note[/]: {Markup.Escape(reason)}");
        }

        RunSummary.Write(context.Console, merged, written, cancelled: false, quiet: false);
        return merged.Passed ? ExitCodes.Success : ExitCodes.ThresholdsFailed;
    }

    private static async Task WriteJsonAsync(LoadTestResult result, string path, CancellationToken cancellationToken)
    {
        try
        {
            var stream = File.Create(path);
            await using (stream.ConfigureAwait(false))
            {
                await LoadTestReports.WriteJsonAsync(result, stream, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"cannot write '{path}': {ex.Message}", ex);
        }
    }
}
