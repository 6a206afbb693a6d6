using Cortex.Internal;
using System.Globalization;
using Cortex.LoadTesting.Results;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Cortex.LoadTesting.Cli.Run;

/// <summary>The panel redrawn in place while a test runs on a terminal: progress bar, throughput, p95, errors and every threshold.</summary>
internal static class LiveView
{
    private const int BarWidth = 40;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static IRenderable Render(LoadTestOptions options, LoadTestProgress? progress, bool stopping, bool unicode)
    {
        var title = $"[bold]{Markup.Escape(options.TestName)}[/]  {options.Model.ToExecutorName()}"
            + (options.Segment.IsFull ? "" : $"  segment {options.Segment}");
        if (progress is null)
        {
            return new Rows(new Markup(title), new Markup("[grey]starting...[/]"));
        }

        var rows = new List<IRenderable> { new Markup(title), new Markup(Bar(progress, unicode)) };
        var stats = new Grid().AddColumns(6);
        stats.AddRow("[grey]requests[/]", "[grey]throughput[/]", "[grey]p95[/]", "[grey]errors[/]", "[grey]active users[/]", "[grey]dropped[/]");
        stats.AddRow(
            progress.Requests.ToString("N0", Invariant),
            Figures.PerSecond(progress.Latest.Throughput),
            Figures.Milliseconds(progress.P95),
            (progress.Errors == 0 ? "[green]" : "[red]") + ProgressLine.ErrorRate(progress).ToString("0.00%", Invariant) + "[/]",
            progress.Latest.ActiveUsers.ToString(Invariant),
            progress.IterationsDropped == 0 ? "0" : $"[yellow]{progress.IterationsDropped.ToString("N0", Invariant)}[/]");
        rows.Add(stats);

        foreach (var t in progress.Thresholds)
        {
            var verdict = t.Passed ? "[green]pass[/]" : "[red]FAIL[/]";
            rows.Add(new Markup($"{verdict} {Markup.Escape(t.ToString())}{(t.AbortOnFail ? " [grey](aborts)[/]" : "")}"));
        }

        if (stopping)
        {
            rows.Add(new Markup($"[yellow]stopping (Ctrl+C): running iterations get up to {ProgressLine.Duration(options.GracefulStop)} to finish, then the reports are written; Ctrl+C again to quit now.[/]"));
        }

        return new Rows(rows);
    }

    private static string Bar(LoadTestProgress progress, bool unicode)
    {
        var planned = progress.PlannedDuration.TotalSeconds;
        var fraction = planned <= 0 ? 1 : Math.Clamp(progress.Elapsed.TotalSeconds / planned, 0, 1);
        var filled = (int)Math.Round(fraction * BarWidth);
        var (done, todo) = unicode ? ('━', '─') : ('#', '-');
        return $"[green]{new string(done, filled)}[/][grey]{new string(todo, BarWidth - filled)}[/] {fraction.ToString("0%", Invariant),4}  {ProgressLine.Clock(progress.Elapsed, progress.PlannedDuration)}";
    }
}
