namespace Cortex.LoadTesting.Endurance;

/// <summary>Whether the target's memory grew steadily during a run.</summary>
public enum LeakVerdict
{
    /// <summary>Too few samples, no memory figure, or growth too noisy to call either way.</summary>
    Inconclusive,

    /// <summary>Memory stayed flat: the upper end of the slope's 95 % confidence interval is within the allowed growth.</summary>
    NoLeak,

    /// <summary>Memory grew faster than the allowed growth along a straight line that explains the samples (R² at least the minimum).</summary>
    Leak,
}
