namespace Cortex.LoadTesting.Results;

/// <summary>One response check of one step (k6's <c>check</c>): how often responses passed it. A failed check never fails its step.</summary>
public sealed record CheckSummary
{
    /// <summary>Gets the scenario of the step.</summary>
    public required string Scenario { get; init; }

    /// <summary>Gets the step that ran the check.</summary>
    public required string Step { get; init; }

    /// <summary>Gets the check's name, as configured or derived from it (for example <c>status is 200</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Gets how many responses passed the check.</summary>
    public long Passes { get; init; }

    /// <summary>Gets how many responses failed the check.</summary>
    public long Fails { get; init; }

    /// <summary>Gets the fraction of responses that passed, from 0 to 1; 0 when no response was checked.</summary>
    public double Rate => Passes + Fails == 0 ? 0 : (double)Passes / (Passes + Fails);
}
