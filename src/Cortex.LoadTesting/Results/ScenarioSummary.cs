namespace Cortex.LoadTesting.Results;

/// <summary>What was measured for one scenario: its iterations as a whole, and each step.</summary>
public sealed record ScenarioSummary
{
    /// <summary>Gets the scenario's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the scenario's weight as configured.</summary>
    public double Weight { get; init; }

    /// <summary>Gets the scenario's own executor, or <see langword="null"/> when it shared the test's (<see cref="LoadTestResult.Model"/>) by weight.</summary>
    public LoadModel? Executor { get; init; }

    /// <summary>Gets the iterations of the scenario (an iteration fails at its first failed step).</summary>
    public required OperationSummary Iterations { get; init; }

    /// <summary>Gets each step, in scenario order.</summary>
    public IReadOnlyList<OperationSummary> Steps { get; init; } = [];
}
