using System.CommandLine;
using Cortex.LoadTesting.Cli.Internal;
using Cortex.LoadTesting.Cli.Run;

namespace Cortex.LoadTesting.Cli.Report;

/// <summary><c>cortex-load report result.json --format html</c>: writes reports again from a saved JSON result, for example after a merge.</summary>
internal sealed class ReportCommand(CliContext context)
{
    private readonly Argument<string> _result = new("result") { Description = "A JSON result written by 'cortex-load run' or 'cortex-load merge'." };

    private readonly Option<string> _format = ReportFormatNames.CreateOption("md,html", "The reports to write.");

    private readonly Option<string> _out = ReportFiles.CreateDirectoryOption();

    public Command Build()
    {
        var command = new Command("report", "Write HTML, Markdown, JUnit, CSV or JSON reports from a saved JSON result.") { _result, _format, _out };
        command.SetAction((parse, ct) => context.GuardAsync(() => ExecuteAsync(parse, ct), ct));
        return command;
    }

    private async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var result = await ResultFiles.ReadAsync(parse.GetValue(_result)!, cancellationToken).ConfigureAwait(false);
        var formats = ReportFormatNames.Parse(parse.GetValue(_format));
        var outDir = parse.GetValue(_out) ?? ReportFiles.DefaultDirectory;
        ReportFiles.EnsureDirectory(outDir, "--out");
        var written = await ReportFiles.WriteAsync(result, outDir, formats, cancellationToken).ConfigureAwait(false);
        RunSummary.WriteReports(context.Console, written);
        return ExitCodes.Success;
    }
}
