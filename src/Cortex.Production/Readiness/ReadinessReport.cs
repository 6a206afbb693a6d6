namespace Cortex.Production.Readiness;

/// <summary>
/// The pre-deployment checklist made executable. <see cref="Score"/> = 100 × Σ(weight × credit) / Σ(weight) over the
/// checks of enabled components (credit: pass 1, warn 0.5, fail 0), so it never exceeds 100; <see cref="Ready"/> is true
/// when no check failed and the score is at least <see cref="ReadyScore"/>.
/// </summary>
public sealed record ReadinessReport
{
    /// <summary>The lowest score that can be ready.</summary>
    public const double ReadyScore = 80;

    /// <summary>Gets when the report was made.</summary>
    public DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Gets a value indicating whether the deployment is ready: no failed check and a score of at least <see cref="ReadyScore"/>.</summary>
    public bool Ready { get; init; }

    /// <summary>Gets the weighted score, 0 to 100.</summary>
    public double Score { get; init; }

    /// <summary>Gets the checks of the enabled components.</summary>
    public IReadOnlyList<ReadinessCheck> Checks { get; init; } = [];

    /// <summary>Computes the score of a set of checks: 100 × Σ(weight × credit) / Σ(weight), or 0 for none.</summary>
    /// <param name="checks">The checks.</param>
    /// <returns>The score, 0 to 100.</returns>
    public static double ComputeScore(IEnumerable<ReadinessCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        double total = 0, earned = 0;
        foreach (var check in checks)
        {
            total += check.Weight;
            earned += check.Weight * check.Credit;
        }

        return total <= 0 ? 0 : Math.Min(100, 100 * earned / total);
    }
}
