using Cortex.Internal;
using System.Globalization;
using Cortex.LoadTesting.Analysis;
using Cortex.LoadTesting.Endurance;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Thresholds;

namespace Cortex.LoadTesting.Internal;

/// <summary>A table of plain text cells; each report format escapes and lays it out its own way.</summary>
internal sealed record ReportTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, string? Caption = null);

/// <summary>A titled part of a report: an optional paragraph, tables and a bullet list.</summary>
internal sealed record ReportSection(string Title)
{
    public string? Text { get; init; }

    public IReadOnlyList<ReportTable> Tables { get; init; } = [];

    public IReadOnlyList<string> Items { get; init; } = [];
}

/// <summary>What the Markdown and HTML reports say, built once so that both say the same.</summary>
internal static class ReportContent
{
    public const int TopErrors = 10;

    public static string Title(LoadTestResult result) => $"Load test: {result.TestName}";

    public static string Verdict(LoadTestResult result) =>
        $"{(result.Passed ? "PASSED" : "FAILED")} ({ReportJson.Name(result.Status)})";

    /// <summary>The summary first, then thresholds, steps, errors, breakpoint and recommendations, each only when there is something to say.</summary>
    public static IReadOnlyList<ReportSection> Sections(LoadTestResult result)
    {
        var sections = new List<ReportSection> { Summary(result) };
        sections.Add(Thresholds(result));
        sections.Add(Steps(result));
        if (result.Checks.Count > 0)
        {
            sections.Add(Checks(result));
        }
        if (result.Errors.Count > 0)
        {
            sections.Add(Errors(result));
        }

        if (result.Breakpoint is { } breakpoint)
        {
            sections.Add(Breakpoint(breakpoint));
        }

        if (result.Endurance is { } endurance)
        {
            sections.Add(EnduranceSection(endurance));
        }

        if (result.Recommendations.Count > 0)
        {
            sections.Add(new ReportSection("Recommendations")
            {
                Items = [.. result.Recommendations.Select(r => $"{r.Category}: {r}")],
            });
        }

        return sections;
    }

    // Every figure goes through Figures, the formatter the SLO reports and the CLI use too, so a value reads the same everywhere.
    public static string Number(double value) => Figures.Number(value);

    public static string Number(long value) => Figures.Count(value);

    public static string Percent(double fraction) => Figures.Percent(fraction);

    public static string Millis(double value) => Figures.Milliseconds(value);

    public static string Seconds(TimeSpan value) => Figures.Seconds(value);

    private static ReportSection Summary(LoadTestResult r)
    {
        var rows = new List<IReadOnlyList<string>>
        {
            Row("Test", r.TestName),
            Row("Model", r.ToExecutorNames()),
        };
        rows.AddRange(Setup(r.Setup, r.Model));
        if (!r.Segment.IsFull)
        {
            rows.Add(Row("Segment", r.Segment.ToString()));
        }

        rows.Add(Row("Status", r.StopReason is null ? ReportJson.Name(r.Status) : $"{ReportJson.Name(r.Status)}: {r.StopReason}"));
        rows.Add(Row("Result", r.Passed ? "passed" : "failed"));
        rows.Add(Row("Started", r.StartedAt.ToString("u", CultureInfo.InvariantCulture)));
        rows.Add(Row("Duration", Seconds(r.Duration)));
        rows.Add(Row("Iterations started", Number(r.Iterations.Started)));
        rows.Add(Row("Iterations completed", Number(r.Iterations.Completed)));
        rows.Add(Row("Iterations failed", Number(r.Iterations.Failed)));
        rows.Add(Row("Iterations dropped", Number(r.Iterations.Dropped)));
        rows.Add(Row("Peak active users", Number(r.PeakActiveUsers)));
        rows.Add(Row("Requests", Number(r.Requests.Count)));
        rows.Add(Row("Failed requests", Number(r.Requests.Errors)));
        rows.Add(Row("Throughput", Number(r.Requests.Throughput) + " req/s"));
        rows.Add(Row("Error rate", Percent(r.Requests.ErrorRate)));
        rows.Add(Row("Data sent", Data(r.Requests.BytesSent, r.Duration)));
        rows.Add(Row("Data received", Data(r.Requests.BytesReceived, r.Duration)));
        if (r.ChecksRate is { } checks)
        {
            rows.Add(Row("Checks passed", $"{Percent(checks)} ({Number(r.Checks.Sum(c => c.Passes))} of {Number(r.Checks.Sum(c => c.Passes + c.Fails))})"));
        }

        rows.Add(Row("Latency p50 / p95 / p99", $"{Millis(r.Requests.Latency.P50)} / {Millis(r.Requests.Latency.P95)} / {Millis(r.Requests.Latency.P99)}"));
        return new ReportSection("Summary") { Tables = [new ReportTable(["Metric", "Value"], rows)] };
    }

    /// <summary>The run's setup as k6 prints it before it starts: what was targeted, how much load, for how long.</summary>
    private static IEnumerable<string[]> Setup(LoadTestSetup setup, LoadModel model)
    {
        if (setup.Targets.Count > 0)
        {
            yield return Row(setup.Targets.Count == 1 ? "Target" : "Targets", string.Join(", ", setup.Targets));
        }

        if (setup.ConcurrentUsers is { } users)
        {
            yield return Row("Virtual users", Number(users));
        }

        if (setup.Rate is { } rate)
        {
            yield return Row("Arrival rate", Figures.PerSecond(rate) + " iterations");
        }

        if (setup.MaxUsers is { } max)
        {
            yield return Row("Max users", Number(max));
        }

        if (setup.Stages.Count > 0)
        {
            var unit = model.IsOpen() ? "iterations/s" : "users";
            yield return Row("Stages", string.Join("; ", setup.Stages.Select(s => $"{Seconds(s.Duration)} to {Number(s.Target)} {unit}")));
        }

        if (setup.PlannedDuration > TimeSpan.Zero)
        {
            yield return Row("Planned duration", Seconds(setup.PlannedDuration) + (setup.RampUp > TimeSpan.Zero ? $" (ramp-up {Seconds(setup.RampUp)})" : ""));
        }
    }

    private static string Data(long bytes, TimeSpan duration) =>
        duration > TimeSpan.Zero ? $"{Figures.Bytes(bytes)} ({Figures.Bytes((long)(bytes / duration.TotalSeconds))}/s)" : Figures.Bytes(bytes);

    private static ReportSection Thresholds(LoadTestResult r)
    {
        if (r.Thresholds.Count == 0)
        {
            return new ReportSection("Thresholds") { Text = "No thresholds or SLO targets were set." };
        }

        var rows = r.Thresholds.Select(t => Row(
            ThresholdExpression.Describe(t.Expression),
            t.Step ?? "all requests",
            t.Source,
            t.FormatObserved(),
            (t.Passed ? "pass" : "FAIL") + (t.CausedAbort ? " (aborted the run)" : "")));
        return new ReportSection("Thresholds")
        {
            Tables = [new ReportTable(["Expression", "Scope", "Source", "Observed", "Result"], [.. rows])],
        };
    }

    private static ReportSection Steps(LoadTestResult r)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var scenario in r.Scenarios)
        {
            rows.Add(OperationRow(scenario.Name, "(iterations)", scenario.Iterations));
            rows.AddRange(scenario.Steps.Select(step => OperationRow(scenario.Name, step.StepType is null ? step.Name : $"{step.Name} ({step.StepType})", step)));
        }

        rows.Add(OperationRow("all", "requests", r.Requests));
        return new ReportSection("Scenarios and steps")
        {
            Text = "Latency is corrected for coordinated omission; service time is measured from the actual start.",
            Tables = [new ReportTable(["Scenario", "Step", "Count", "Errors", "Error rate", "p50 ms", "p95 ms", "p99 ms", "Service p95 ms", "Throughput /s"], rows)],
        };
    }

    private static string[] OperationRow(string scenario, string step, OperationSummary o) => Row(
        scenario,
        step,
        Number(o.Count),
        Number(o.Errors),
        Percent(o.ErrorRate),
        Number(o.Latency.P50),
        Number(o.Latency.P95),
        Number(o.Latency.P99),
        Number(o.ServiceTime.P95),
        Number(o.Throughput));

    private static ReportSection Checks(LoadTestResult r) => new("Checks")
    {
        Text = "A failed check does not fail its request; the rate is passed checks over checked responses.",
        Tables =
        [
            new ReportTable(
                ["Scenario", "Step", "Check", "Passed", "Failed", "Rate"],
                [.. r.Checks.Select(c => Row(c.Scenario, c.Step, c.Name, Number(c.Passes), Number(c.Fails), Percent(c.Rate)))]),
        ],
    };

    private static ReportSection Errors(LoadTestResult r)
    {
        var rows = r.Errors.OrderByDescending(e => e.Count).Take(TopErrors).Select(e => Row(
            e.Scenario,
            e.Step,
            e.ErrorType,
            e.StatusCode is { } code ? Number(code) : "",
            Number(e.Count)));
        return new ReportSection("Top errors")
        {
            Text = r.Errors.Count > TopErrors ? $"The {TopErrors} most frequent of {r.Errors.Count} kinds of error." : null,
            Tables = [new ReportTable(["Scenario", "Step", "Error", "Status", "Count"], [.. rows])],
        };
    }

    private static ReportSection Breakpoint(BreakpointAnalysis b)
    {
        var unit = b.LoadUnit;
        var findings = new ReportTable(["Finding", "Value"],
        [
            Row("Max sustainable load", b.MaxSustainableLoad is { } max ? $"{Number(max)} {unit}" : "none: no level held"),
            Row("Throughput at max sustainable load", b.MaxSustainableThroughput is { } tp ? Number(tp) + " req/s" : "n/a"),
            Row("Breaking load", b.BreakingLoad is { } breaking ? $"{Number(breaking)} {unit}" : "none: nothing broke"),
            Row("Broken by", b.BrokenBy.Count == 0 ? "n/a" : string.Join("; ", b.BrokenBy)),
        ]);
        var levels = new ReportTable(
            [$"Target ({unit})", "Duration", "Requests", "Throughput /s", "Iterations /s", "Error rate", "p95 ms", "p99 ms", "Dropped", "Result", "Failures"],
            [.. b.Levels.Select(l => Row(
                Number(l.TargetLoad),
                Seconds(l.Duration),
                Number(l.Requests),
                Number(l.Throughput),
                Number(l.IterationRate),
                Percent(l.ErrorRate),
                Number(l.P95),
                Number(l.P99),
                Number(l.Dropped),
                l.Passed ? "pass" : "FAIL",
                string.Join("; ", l.Failures)))],
            "Load levels");
        var tables = new List<ReportTable> { findings, levels };
        if (b.DegradationPoints.Count > 0)
        {
            tables.Add(new ReportTable(
                [$"From ({unit})", $"To ({unit})", "p95 from ms", "p95 to ms", "Factor"],
                [.. b.DegradationPoints.Select(d => Row(Number(d.FromLoad), Number(d.ToLoad), Number(d.FromP95), Number(d.ToP95), "x" + Number(d.Factor)))],
                "Degradation points"));
        }

        return new ReportSection("Breakpoint analysis") { Tables = tables };
    }

    private static ReportSection EnduranceSection(EnduranceAnalysis e)
    {
        var rows = new List<IReadOnlyList<string>>
        {
            Row("Verdict", EnduranceReport.VerdictName(e.Verdict) + (e.FailsRun ? " (fails the run)" : "")),
            Row("Warm-up", Seconds(e.WarmUp)),
            Row("Allowed growth", Endurance.Internal.EnduranceAnalyzer.Growth(e.MaxGrowthPerMinute)),
        };
        foreach (var trend in new[] { e.WorkingSet, e.GcHeap }.OfType<MemoryTrend>())
        {
            rows.Add(Row(trend.Metric == "gcHeap" ? "GC heap" : "Working set", EnduranceReport.Trend(trend)));
        }

        if (e.MeanCpuCores is { } cpu)
        {
            rows.Add(Row("Mean CPU", Number(cpu) + " cores"));
        }

        if (e.LatencyDrift is { } drift)
        {
            rows.Add(Row("Latency drift (p95)", $"{Millis(drift.EarlyP95)} early, {Millis(drift.LateP95)} late ({Figures.Change(drift.Change * 100)})"));
        }

        if (e.TraceFile is { } trace)
        {
            rows.Add(Row("Trace", trace));
        }

        if (e.SamplingError is { } error)
        {
            rows.Add(Row("Sampling problem", error));
        }

        return new ReportSection("Endurance")
        {
            Text = e.Reason,
            Tables = [new ReportTable(["Finding", "Value"], rows)],
        };
    }

    private static string[] Row(params string[] cells) => cells;
}
