using Cortex.Abstractions.Steps;
using Cortex.LoadTesting.Checks;
using Cortex.LoadTesting.Feeds;
using Cortex.LoadTesting.Internal;

namespace Cortex.LoadTesting.Execution;

/// <summary>A step resolved to its handler's prepared <see cref="IStep"/>, with its metrics and its tags (its own, its scenario's and <c>scenario</c>).</summary>
internal sealed record PreparedStep(string Name, string Type, IStep Step, TimeSpan Timeout, OperationMetrics Metrics, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>Gets the step's response checks, when it has any.</summary>
    public IReadOnlyList<ResponseCheck> Checks => (Step as ICheckedStep)?.Checks ?? [];
}

/// <summary>A scenario with its steps prepared, its iteration metrics, and the run's feeds (each iteration takes its rows from them).</summary>
internal sealed record PreparedScenario(string Name, double Weight, ThinkTime? ThinkTime, TimeSpan? Pacing, PreparedStep[] Steps, OperationMetrics Iterations, FeedSet? Feeds = null);
