using System.CommandLine;
using Cortex.LoadTesting.Reports;
using Cortex.LoadTesting.Results;

namespace Cortex.LoadTesting.Cli.Internal;

/// <summary>Writes reports where the user said, turning a directory that cannot be written into a message for the user.</summary>
internal static class ReportFiles
{
    public const string DefaultDirectory = "./cortex-reports";

    /// <summary>The <c>--out</c> option of the commands that write reports into a directory.</summary>
    public static Option<string> CreateDirectoryOption() => new("--out", "-o")
    {
        Description = "The directory the reports are written to (created when missing); files are named after the test.",
        HelpName = "dir",
        DefaultValueFactory = _ => DefaultDirectory,
    };

    /// <summary>Creates <paramref name="directory"/> now, so a bad <c>--out</c> fails before a run rather than after it.</summary>
    public static void EnsureDirectory(string directory, string option)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliUsageException($"{option} '{directory}' cannot be used as a directory: {ex.Message}", ex);
        }
    }

    public static async Task<IReadOnlyList<string>> WriteAsync(LoadTestResult result, string directory, ReportFormats formats, CancellationToken cancellationToken)
    {
        try
        {
            return await LoadTestReports.WriteAsync(result, directory, formats, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"cannot write the reports to '{directory}': {ex.Message}", ex);
        }
    }
}
