using Cortex.Internal;
using System.Globalization;
using Cortex.LoadTesting.Analysis;
using Cortex.LoadTesting.Endurance;
using Cortex.LoadTesting.Results;
using Spectre.Console;

namespace Cortex.LoadTesting.Cli.Run;

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
            WriteChecks(console, result.Checks);
            WriteThresholds(console, result.Thresholds);
            WriteErrors(console, result.Errors);
            WriteRecommendations(console, result.Recommendations);
            WriteEndurance(console, result.Endurance);
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
        if (result.Endurance is { FailsRun: true } leak)
        {
            var held = result.Thresholds.All(t => t.Passed) ? "" : $"; {result.Thresholds.Count(t => !t.Passed)} of {result.Thresholds.Count} thresholds failed too";
            return $"[red]FAILED[/]: the target leaks memory: {Markup.Escape(leak.Reason)}{Markup.Escape(held)}";
        }

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
        Row("status", $"{result.Status.ToString().ToLowerInvariant()}, {result.ToExecutorNames()}, segment {result.Segment}, {ProgressLine.Duration(result.Duration)}");
        Row("requests", $"{requests.Count.ToString("N0", Invariant)} ({Figures.PerSecond(requests.Throughput)})");
        Row("errors", $"{requests.Errors.ToString("N0", Invariant)} ({requests.ErrorRate.ToString("0.00%", Invariant)})");
        if (result.ChecksRate is { } checks)
        {
            Row("checks", $"{checks.ToString("0.00%", Invariant)} ({result.Checks.Sum(c => c.Passes).ToString("N0", Invariant)} of {result.Checks.Sum(c => c.Passes + c.Fails).ToString("N0", Invariant)} passed)");
        }

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

    private static void WriteChecks(IAnsiConsole console, IReadOnlyList<CheckSummary> checks)
    {
        if (checks.Count == 0)
        {
            return;
        }

        var table = new Table { Title = new TableTitle("Checks") }.AddColumns("scenario/step", "check", "passed", "failed", "rate");
        foreach (var c in checks)
        {
            table.AddRow(Markup.Escape($"{c.Scenario}/{c.Step}"), Markup.Escape(c.Name), c.Passes.ToString("N0", Invariant), c.Fails.ToString("N0", Invariant), c.Rate.ToString("0.00%", Invariant));
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

    /// <summary>The leak verdict with its figures, the latency drift and where the trace is.</summary>
    private static void WriteEndurance(IAnsiConsole console, EnduranceAnalysis? endurance)
    {
        if (endurance is null)
        {
            return;
        }

        var colour = endurance.Verdict switch { LeakVerdict.Leak => "red", LeakVerdict.NoLeak => "green", _ => "yellow" };
        console.MarkupLine($"Endurance: [{colour}]{Markup.Escape(EnduranceReport.VerdictName(endurance.Verdict))}[/]: {Markup.Escape(endurance.Reason)}");
        foreach (var trend in new[] { endurance.WorkingSet, endurance.GcHeap }.OfType<MemoryTrend>())
        {
            console.WriteLine($"  {(trend.Metric == "gcHeap" ? "GC heap" : "working set")}: {EnduranceReport.Trend(trend)}");
        }

        if (endurance.MeanCpuCores is { } cpu)
        {
            console.WriteLine($"  CPU: {Figures.Number(cpu)} cores on average");
        }

        if (endurance.LatencyDrift is { } drift)
        {
            console.WriteLine($"  latency drift: p95 {Ms(drift.EarlyP95)} early, {Ms(drift.LateP95)} late ({Figures.Change(drift.Change * 100)})");
        }

        if (endurance.SamplingError is { } error)
        {
            console.WriteLine($"  sampling problem: {error}");
        }

        if (endurance.TraceFile is { } trace)
        {
            console.WriteLine($"Trace: {trace} (EventPipe .nettrace: open with PerfView or Visual Studio, or 'dotnet-trace convert --format speedscope')");
        }
    }

    private static string Ms(double value) => Figures.Milliseconds(value);
}
