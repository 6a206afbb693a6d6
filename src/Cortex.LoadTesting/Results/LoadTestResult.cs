using Cortex.Abstractions.Slo;
using Cortex.LoadTesting.Analysis;
using Cortex.LoadTesting.Endurance;

namespace Cortex.LoadTesting.Results;

/// <summary>Everything a run measured, judged and concluded; serializable to JSON and mergeable across segments.</summary>
public sealed record LoadTestResult
{
    /// <summary>Gets the test's name.</summary>
    public required string TestName { get; init; }

    /// <summary>Gets the load model.</summary>
    public LoadModel Model { get; init; }

    /// <summary>Gets how the run was set up: targets, users or rate, duration, stages.</summary>
    public LoadTestSetup Setup { get; init; } = new();

    /// <summary>Gets the segment this result covers, or the list of merged segments' count as a full segment after a merge.</summary>
    public ExecutionSegment Segment { get; init; } = ExecutionSegment.Full;

    /// <summary>Gets when the run started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets how long the run took, graceful stop included.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets how the run ended.</summary>
    public LoadTestStatus Status { get; init; }

    /// <summary>Gets why the run ended early, when it did.</summary>
    public string? StopReason { get; init; }

    /// <summary>Gets the iteration counts.</summary>
    public IterationCounts Iterations { get; init; } = new();

    /// <summary>Gets the most virtual users that were busy at once.</summary>
    public int PeakActiveUsers { get; init; }

    /// <summary>Gets all requests (step executions) of the run together.</summary>
    public required OperationSummary Requests { get; init; }

    /// <summary>Gets each scenario and its steps.</summary>
    public IReadOnlyList<ScenarioSummary> Scenarios { get; init; } = [];

    /// <summary>Gets the errors by scenario, step, type and status, most frequent first.</summary>
    public IReadOnlyList<ErrorSummary> Errors { get; init; } = [];

    /// <summary>Gets the timeline, one point per reporting interval.</summary>
    public IReadOnlyList<TimelinePoint> Timeline { get; init; } = [];

    /// <summary>Gets each response check of each step, in scenario and step order.</summary>
    public IReadOnlyList<CheckSummary> Checks { get; init; } = [];

    /// <summary>Gets the <c>checks</c> rate: passed checks over all checks of the run, from 0 to 1, or <see langword="null"/> when the test has no checks.</summary>
    public double? ChecksRate => Checks.Count == 0 ? null : Checks.Sum(c => c.Passes + c.Fails) is var total and > 0 ? (double)Checks.Sum(c => c.Passes) / total : 0;

    /// <summary>Gets each threshold and SLO target with its observed value.</summary>
    public IReadOnlyList<ThresholdResult> Thresholds { get; init; } = [];

    /// <summary>Gets the breakpoint analysis of a ramping run, or <see langword="null"/>.</summary>
    public BreakpointAnalysis? Breakpoint { get; init; }

    /// <summary>Gets advice derived from the data.</summary>
    public IReadOnlyList<Recommendation> Recommendations { get; init; } = [];

    /// <summary>Gets what the target's resources did during the run and whether it leaks, when it was watched (<see cref="LoadTestOptions.Monitor"/>); otherwise <see langword="null"/>.</summary>
    public EnduranceAnalysis? Endurance { get; init; }

    /// <summary>Gets a value indicating whether every threshold and SLO target held (and, with <see cref="TargetMonitorOptions.FailOnLeak"/>, no leak was found).</summary>
    public bool Passed => Thresholds.All(t => t.Passed) && Endurance?.FailsRun != true;

    /// <summary>Summarizes all requests for SLO checks shared with Cortex.Slo (latency corrected for coordinated omission).</summary>
    /// <returns>The summary.</returns>
    public LatencySummary ToLatencySummary() => new()
    {
        Count = Requests.Count,
        ErrorCount = Requests.Errors,
        Period = Duration,
        Mean = TimeSpan.FromMilliseconds(Requests.Latency.Mean),
        P50 = TimeSpan.FromMilliseconds(Requests.Latency.P50),
        P90 = TimeSpan.FromMilliseconds(Requests.Latency.P90),
        P95 = TimeSpan.FromMilliseconds(Requests.Latency.P95),
        P99 = TimeSpan.FromMilliseconds(Requests.Latency.P99),
        Max = TimeSpan.FromMilliseconds(Requests.Latency.Max),
    };
}
