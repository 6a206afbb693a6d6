using Spectre.Console;

namespace Cortex.LoadTesting.Cli.Internal;

/// <summary>Creates the Spectre console <c>cortex-load</c> writes to.</summary>
internal static class CliConsole
{
    /// <summary>
    /// The width used when the output is not a terminal (a file, a pipe, a CI log): Spectre folds text at the width,
    /// and a log line folded in two no longer greps; tables still take only the width they need.
    /// </summary>
    private const int RedirectedWidth = 4096;

    /// <summary>
    /// Creates a console over <paramref name="writer"/>. Only a real terminal gets colors, cursor movement and the live
    /// view; anything else (a pipe, a file, a test's <see cref="StringWriter"/>) gets plain text, whatever TERM says,
    /// so logs carry no escape codes.
    /// </summary>
    public static IAnsiConsole Create(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var output = new AnsiConsoleOutput(writer);
        var terminal = output.IsTerminal;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = output,
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }

    /// <summary>Whether the console can redraw a live view in place.</summary>
    public static bool CanRedraw(IAnsiConsole console) =>
        console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi;
}
