using Cortex.LoadTesting.Cli.Internal;
using Spectre.Console;

namespace Cortex.LoadTesting.Cli.Tests;

/// <summary>What one in-process run of <c>cortex-load</c> printed and returned.</summary>
internal sealed record CliOutcome(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs <c>cortex-load</c> in-process over string writers, as a pipe or a CI log would see it.</summary>
internal static class Cli
{
    public static async Task<CliOutcome> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, cancellationToken);
        return new CliOutcome(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs it as a pipe would see it, with <paramref name="environment"/> as its only environment variables.</summary>
    public static async Task<CliOutcome> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, CliConsole.Create(stdout), stdout, stderr, cancellationToken, name => environment.GetValueOrDefault(name));
        return new CliOutcome(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs it over a console that claims to be an interactive ANSI terminal, so the live view is drawn.</summary>
    public static async Task<CliOutcome> RunOnTerminalAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
        });
        var code = await CliApp.RunAsync(args, console, stdout, stderr, cancellationToken);
        return new CliOutcome(code, stdout.ToString(), stderr.ToString());
    }
}
