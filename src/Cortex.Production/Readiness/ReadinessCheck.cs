namespace Cortex.Production.Readiness;

/// <summary>One item of the pre-deployment checklist, evaluated.</summary>
/// <param name="Name">The check's name (for example <c>qdrant-nodes</c>).</param>
/// <param name="Component">The component it belongs to: <c>core</c>, <c>qdrant</c>, <c>zai</c>, <c>monitoring</c> or <c>load-testing</c>.</param>
/// <param name="Weight">Its weight in the score.</param>
/// <param name="Outcome">Pass, warn or fail.</param>
/// <param name="Evidence">The figures the outcome rests on.</param>
/// <param name="Recommendation">What to do about it; empty when nothing is needed.</param>
public sealed record ReadinessCheck(string Name, string Component, double Weight, ReadinessOutcome Outcome, string Evidence, string Recommendation)
{
    /// <summary>Gets the fraction of <see cref="Weight"/> the outcome earns: 1 for pass, 0.5 for warn, 0 for fail.</summary>
    public double Credit => Outcome switch
    {
        ReadinessOutcome.Pass => 1,
        ReadinessOutcome.Warn => 0.5,
        _ => 0,
    };
}
