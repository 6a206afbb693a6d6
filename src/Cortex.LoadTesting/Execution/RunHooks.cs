using Cortex.LoadTesting.Results;

namespace Cortex.LoadTesting.Execution;

/// <summary>How a run takes part in a larger one (a distributed run): what it reports each interval and whether it judges its own share.</summary>
internal sealed class RunHooks
{
    public static readonly RunHooks None = new();

    /// <summary>Gets a value indicating whether aborting thresholds are judged on this run's own figures; a segment of a coordinated run leaves that to the aggregate.</summary>
    public bool JudgeThresholdsLocally { get; init; } = true;

    /// <summary>Gets what receives, on the reporter, the run so far at the end of each interval (its timeline holds only that interval).</summary>
    public Action<LoadTestResult>? Interval { get; init; }

    /// <summary>Gets what learns of the first early stop (not the planned end), with its status and reason, on the thread that asked for it.</summary>
    public Action<LoadTestStatus, string>? Stopping { get; init; }
}
