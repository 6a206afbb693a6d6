using Cortex.Internal;
using System.Globalization;
using Spectre.Console;

namespace Cortex.LoadTesting.Cli;

/// <summary>What <c>run</c> (and <c>merge</c>) prints at the end: the figures, the thresholds, the errors, the advice, the report paths and the verdict.</summary>
internal static class RunSummary
{
    private const int TopErrors = 5;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(IAnsiConsole console, LoadTestResult result, IReadOnlyList<string> reports, bool cancelled, bool quiet)
    {
        if (!quiet)
        {
            console.WriteLine();
            console.MarkupLine($"[bold]{Markup.Escape(result.TestName)}[/]");
            console.Write(Overview(result));
            WriteThresholds(console, result.Thresholds);
            WriteErrors(console, result.Errors);
            WriteRecommendations(console, result.Recommendations);
            WriteReports(console, reports);
        }

        if (result.Status == LoadTestStatus.Stopped)
        {
            var by = cancelled ? "by Ctrl+C" : "early";
            console.MarkupLine($"[yellow]stopped {by}[/] after {ProgressLine.Duration(result.Duration)}: the results cover what ran.");
        }
        else if (result.Status == LoadTestStatus.Aborted)
        {
            console.MarkupLine($"[red]aborted[/]: {Markup.Escape(result.StopReason ?? "a threshold failed")}");
        }

        console.MarkupLine(Verdict(result));
    }

    public static void WriteReports(IAnsiConsole console, IReadOnlyList<string> reports)
    {
        if (reports.Count == 0)
        {
            return;
        }

        console.WriteLine("Reports:");
        foreach (var path in reports)
        {
            console.WriteLine("  " + path);
        }
    }

    /// <summary>The last line: <c>PASSED: 3 of 3 thresholds held</c>, or <c>FAILED: 1 of 3 thresholds failed: p(95)&lt;200 observed 312 ms</c>.</summary>
    public static string Verdict(LoadTestResult result)
    {
        var thresholds = result.Thresholds;
        if (thresholds.Count == 0)
        {
            return "[green]PASSED[/]: no thresholds to judge the run by";
        }

        var failed = thresholds.Where(t => !t.Passed).ToList();
        return failed.Count == 0
            ? $"[green]PASSED[/]: {(thresholds.Count == 1 ? "the one threshold held" : $"{thresholds.Count} of {thresholds.Count} thresholds held")}"
            : $"[red]FAILED[/]: {(thresholds.Count == 1 ? "the one threshold failed" : $"{failed.Count} of {thresholds.Count} thresholds failed")}: {Markup.Escape(string.Join("; ", failed.Select(t => t.ToString())))}";
    }

    private static Grid Overview(LoadTestResult result)
    {
        var requests = result.Requests;
        var latency = requests.Latency;
        var grid = new Grid().AddColumns(2);
        void Row(string name, string value) => grid.AddRow($"[grey]{name}[/]", Markup.Escape(value));
        Row("status", $"{result.Status.ToString().ToLowerInvariant()}, {result.Model.ToExecutorName()}, segment {result.Segment}, {ProgressLine.Duration(result.Duration)}");
        Row("requests", $"{requests.Count.ToString("N0", Invariant)} ({Figures.PerSecond(requests.Throughput)})");
        Row("errors", $"{requests.Errors.ToString("N0", Invariant)} ({requests.ErrorRate.ToString("0.00%", Invariant)})");
        Row("latency", $"p50 {Ms(latency.P50)}  p95 {Ms(latency.P95)}  p99 {Ms(latency.P99)}  max {Ms(latency.Max)}");
        var it = result.Iterations;
        Row("iterations", string.Create(Invariant, $"{it.Started:N0} started, {it.Completed:N0} completed, {it.Failed:N0} failed, {it.Dropped:N0} dropped"));
        Row("peak users", result.PeakActiveUsers.ToString(Invariant));
        if (result.Breakpoint is { } breakpoint)
        {
            Row("breakpoint", breakpoint.BreakingLoad is { } load
                ? $"broke at {Figures.Load(load, breakpoint.LoadUnit)}; sustainable up to {(breakpoint.MaxSustainableLoad is { } max ? Figures.Load(max, breakpoint.LoadUnit) : "no level")}"
                : "did not break");
        }

        return grid;
    }

    private static void WriteThresholds(IAnsiConsole console, IReadOnlyList<ThresholdResult> thresholds)
    {
        if (thresholds.Count == 0)
        {
            return;
        }

        var table = new Table { Title = new TableTitle("Thresholds") }.AddColumns("threshold", "applies to", "source", "observed", "result");
        foreach (var t in thresholds)
        {
            var observed = t.FormatObserved();
            var verdict = t.Passed ? "[green]pass[/]" : t.CausedAbort ? "[red]FAIL (aborted the run)[/]" : "[red]FAIL[/]";
            table.AddRow(Markup.Escape(t.Expression), Markup.Escape(t.Step ?? "all requests"), t.Source, Markup.Escape(observed), verdict);
        }

        console.Write(table);
    }

    private static void WriteErrors(IAnsiConsole console, IReadOnlyList<ErrorSummary> errors)
    {
        if (errors.Count == 0)
        {
            return;
        }

        var table = new Table { Title = new TableTitle(errors.Count > TopErrors ? $"Errors (top {TopErrors} of {errors.Count})" : "Errors") }
            .AddColumns("scenario/step", "error", "status", "count");
        foreach (var e in errors.Take(TopErrors))
        {
            table.AddRow(Markup.Escape($"{e.Scenario}/{e.Step}"), Markup.Escape(e.ErrorType), e.StatusCode?.ToString(Invariant) ?? "", e.Count.ToString("N0", Invariant));
        }

        console.Write(table);
    }

    private static void WriteRecommendations(IAnsiConsole console, IReadOnlyList<Recommendation> recommendations)
    {
        if (recommendations.Count == 0)
        {
            return;
        }

        console.WriteLine("Recommendations:");
        foreach (var r in recommendations)
        {
            console.WriteLine($"  - [{r.Category.ToString().ToLowerInvariant()}] {r}");
        }
    }

    private static string Ms(double value) => Figures.Milliseconds(value);
}
