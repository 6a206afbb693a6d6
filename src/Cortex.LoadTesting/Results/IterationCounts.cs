namespace Cortex.LoadTesting.Results;

/// <summary>How many iterations started, finished, failed, and could not start.</summary>
public sealed record IterationCounts
{
    /// <summary>Gets the iterations that started.</summary>
    public long Started { get; init; }

    /// <summary>Gets the iterations that ran to their end, failed ones included.</summary>
    public long Completed { get; init; }

    /// <summary>Gets the iterations in which a step failed.</summary>
    public long Failed { get; init; }

    /// <summary>Gets the arrivals of an open model that found every virtual user busy at <see cref="LoadShapeOptions.MaxUsers"/> and were not started.</summary>
    public long Dropped { get; init; }
}
