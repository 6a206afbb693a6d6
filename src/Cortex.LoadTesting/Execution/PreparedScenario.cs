using Cortex.Abstractions.Steps;

namespace Cortex.LoadTesting.Execution;

/// <summary>A step resolved to its handler's prepared <see cref="IStep"/>, with its metrics and its tags (its own, its scenario's and <c>scenario</c>).</summary>
internal sealed record PreparedStep(string Name, string Type, IStep Step, TimeSpan Timeout, OperationMetrics Metrics, IReadOnlyDictionary<string, string> Tags);

/// <summary>A scenario with its steps prepared and its iteration metrics.</summary>
internal sealed record PreparedScenario(string Name, double Weight, ThinkTime? ThinkTime, TimeSpan? Pacing, PreparedStep[] Steps, OperationMetrics Iterations);
