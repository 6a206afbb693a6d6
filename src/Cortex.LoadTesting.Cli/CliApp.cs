using System.CommandLine;
using System.CommandLine.Invocation;
using Cortex.LoadTesting.Cli.Compare;
using Cortex.LoadTesting.Cli.Internal;
using Cortex.LoadTesting.Cli.Merge;
using Cortex.LoadTesting.Cli.Report;
using Cortex.LoadTesting.Cli.Run;
using Spectre.Console;

namespace Cortex.LoadTesting.Cli;

/// <summary>The <c>cortex-load</c> command tree, runnable in-process: tests call <see cref="RunAsync(string[], TextWriter, TextWriter, CancellationToken)"/> with their own writers.</summary>
internal static class CliApp
{
    /// <summary>Runs the tool over plain writers; a writer that is not a terminal gets plain text and progress lines.</summary>
    /// <param name="args">The command line, without the tool's name.</param>
    /// <param name="stdout">Where results and progress go.</param>
    /// <param name="stderr">Where problems go.</param>
    /// <param name="cancellationToken">Ctrl+C: stops a run gracefully (its reports are still written); cancels the other commands.</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, CliConsole.Create(stdout), stdout, stderr, cancellationToken);

    /// <summary>Runs the tool over a Spectre console, for example one that records what it shows.</summary>
    /// <param name="args">The command line, without the tool's name.</param>
    /// <param name="console">Where results and progress go.</param>
    /// <param name="stdout">Where help and version text go: the writer under <paramref name="console"/>.</param>
    /// <param name="stderr">Where problems go.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <param name="environment">Reads environment variables (<c>JOB_COMPLETION_INDEX</c>, ...); <see langword="null"/> for the process's.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var context = new CliContext(console, stderr, environment);
        var parse = BuildCommand(context).Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            // System.CommandLine would print the whole help and exit 1; a tool used in CI wants the problem alone, and 2.
            foreach (var error in parse.Errors)
            {
                context.WriteError(error.Message);
            }

            stderr.WriteLine($"Run '{CommandPath(parse)} --help' for usage.");
            return ExitCodes.BadInput;
        }

        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,

            // Program.cs turns Ctrl+C into the token; a graceful stop may outlast System.CommandLine's two-second grace.
            ProcessTerminationTimeout = null,
        };
        return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The first Ctrl+C or SIGTERM cancels <paramref name="stop"/> and keeps the process alive to finish gracefully; a second one lets it end.</summary>
    /// <param name="stop">The source of the token passed to <see cref="RunAsync(string[], TextWriter, TextWriter, CancellationToken)"/>.</param>
    /// <returns><see langword="true"/> to keep the process alive (the signal is handled), <see langword="false"/> to let it end.</returns>
    public static bool RequestStop(CancellationTokenSource stop)
    {
        ArgumentNullException.ThrowIfNull(stop);
        if (stop.IsCancellationRequested)
        {
            return false;
        }

        stop.Cancel();
        return true;
    }

    private static RootCommand BuildCommand(CliContext context) =>
        new("cortex-load: run load tests, gate CI on thresholds, compare with a baseline, merge distributed runs, write reports.")
        {
            new RunCommand(context).Build(),
            new CompareCommand(context).Build(),
            new MergeCommand(context).Build(),
            new ReportCommand(context).Build(),
        };

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command is RootCommand ? "cortex-load" : result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
