using Cortex.LoadTesting.Configuration;
using Spectre.Console;

namespace Cortex.LoadTesting.Cli.Internal;

/// <summary>Where a command writes: results to the console, problems to standard error; and how failures become exit codes.</summary>
/// <param name="console">Standard output, as a Spectre console.</param>
/// <param name="error">Standard error.</param>
/// <param name="environment">Reads an environment variable; the process's own unless a test gives another.</param>
internal sealed class CliContext(IAnsiConsole console, TextWriter error, Func<string, string?>? environment = null)
{
    public Func<string, string?> Environment { get; } = environment ?? System.Environment.GetEnvironmentVariable;

    public IAnsiConsole Console { get; } = console;

    public TextWriter Error { get; } = error;

    public void WriteError(string message) => Error.WriteLine("cortex-load: " + message);

    /// <summary>Runs a command's action and turns what it throws into the documented exit codes, with a message on standard error.</summary>
    public async Task<int> GuardAsync(Func<Task<int>> action, CancellationToken cancellationToken)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (CliUsageException ex)
        {
            WriteError(ex.Message);
            return ExitCodes.BadInput;
        }
        catch (LoadTestConfigurationException ex)
        {
            WriteError(ex.Errors.Count == 1 ? "invalid load test: " + ex.Errors[0] : $"invalid load test ({ex.Errors.Count} errors):");
            if (ex.Errors.Count > 1)
            {
                foreach (var line in ex.Errors)
                {
                    Error.WriteLine("  - " + line);
                }
            }

            return ExitCodes.BadInput;
        }
        catch (Distributed.LoadTestCoordinationException ex)
        {
            WriteError(ex.Message);
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            WriteError("cancelled.");
            return ExitCodes.Cancelled;
        }
#pragma warning disable CA1031 // The tool's last line of defence: any other failure is reported, with its stack, as exit code 1.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            WriteError("unexpected error: " + ex);
            return ExitCodes.Failure;
        }
    }
}
