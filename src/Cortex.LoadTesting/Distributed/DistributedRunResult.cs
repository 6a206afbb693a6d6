using Cortex.LoadTesting.Results;

namespace Cortex.LoadTesting.Distributed;

/// <summary>What a distributed run measured, as one agent sees it at the end: the whole run and each agent's share.</summary>
public sealed record DistributedRunResult
{
    /// <summary>Gets the agents' results merged (histograms added, thresholds judged on the whole): the run's result.</summary>
    public required LoadTestResult Merged { get; init; }

    /// <summary>Gets each agent's own result, by segment.</summary>
    public required IReadOnlyList<LoadTestResult> Agents { get; init; }

    /// <summary>Gets the agents (1-based) whose results did not arrive in time; <see cref="Merged"/> then covers only the others.</summary>
    public IReadOnlyList<int> Missing { get; init; } = [];

    /// <summary>Gets the agents (1-based) that stopped beating during the run (<see cref="LoadTestCoordinatorOptions.AgentTimeout"/>); they stopped the run, and their results were not waited for.</summary>
    public IReadOnlyList<int> Lost { get; init; } = [];

    /// <summary>Gets the agent that writes the reports: the leader (agent 1), or when its result is missing, the lowest-numbered agent whose result arrived.</summary>
    public int Reporter { get; init; } = 1;

    /// <summary>Gets the time between the first and the last agent's start.</summary>
    public TimeSpan StartSkew { get; init; }

    /// <summary>Gets this agent's number (1-based); agent 1 is the leader.</summary>
    public int Agent { get; init; }

    /// <summary>Gets a value indicating whether this agent writes the reports (it is the <see cref="Reporter"/>): the leader, or the first agent left when the leader was lost.</summary>
    public bool IsLeader => Agent == Reporter;
}
