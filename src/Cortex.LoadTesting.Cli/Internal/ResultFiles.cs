using Cortex.LoadTesting.Reports;
using Cortex.LoadTesting.Results;

namespace Cortex.LoadTesting.Cli.Internal;

/// <summary>Reads the JSON results <c>run</c> writes, turning every way a file can be wrong into a message for the user.</summary>
internal static class ResultFiles
{
    public static async Task<LoadTestResult> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                return await LoadTestReports.ReadJsonAsync(stream, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliUsageException($"'{path}' does not exist; pass a .json result written by 'cortex-load run' (with json in --format).", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new CliUsageException($"'{path}' is not a load test result: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"cannot read '{path}': {ex.Message}", ex);
        }
    }
}
