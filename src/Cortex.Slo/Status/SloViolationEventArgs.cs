namespace Cortex.Slo.Status;

/// <summary>An SLO went out of compliance.</summary>
/// <param name="objective">The SLO as evaluated.</param>
public sealed class SloViolationEventArgs(SloObjectiveStatus objective) : EventArgs
{
    /// <summary>Gets the SLO as evaluated.</summary>
    public SloObjectiveStatus Objective { get; } = objective;
}
