namespace Cortex.Slo.Status;

/// <summary>One SLO as last evaluated.</summary>
public sealed record SloObjectiveStatus
{
    /// <summary>Gets the SLO.</summary>
    public required SloDefinition Definition { get; init; }

    /// <summary>Gets the observed value over <see cref="Window"/>, in the SLO's unit; <see langword="null"/> without data.</summary>
    public double? Observed { get; init; }

    /// <summary>Gets the window the observed value covers.</summary>
    public TimeSpan Window { get; init; }

    /// <summary>Gets a value indicating whether the observed value meets the target (true without data).</summary>
    public bool Compliant { get; init; }

    /// <summary>Gets the SLO's health.</summary>
    public SloHealth Health { get; init; }

    /// <summary>Gets the good-event fraction over the SLO window (capped by retention), for SLOs with an error budget.</summary>
    public double? Compliance { get; init; }

    /// <summary>Gets the fraction of the error budget left over the SLO window (negative when overspent), for SLOs with an error budget.</summary>
    public double? ErrorBudgetRemaining { get; init; }

    /// <summary>Gets the burn rate per window (<c>5m</c>, <c>30m</c>, <c>1h</c>, <c>6h</c>, <c>1d</c>, <c>3d</c>, <c>30d</c>), for SLOs with an error budget.</summary>
    public IReadOnlyDictionary<string, double> BurnRates { get; init; } = new Dictionary<string, double>();
}
