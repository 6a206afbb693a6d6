using Cortex.Slo.Status;

namespace Cortex.Slo.Reports;

/// <summary>How one SLO did over a report's period.</summary>
public sealed record SloCompliance
{
    /// <summary>Gets the SLO's name, for example <c>availability</c> or <c>latency-p95</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets what the SLO measures.</summary>
    public SloKind Kind { get; init; }

    /// <summary>Gets the SLO's one-line description, for example <c>95% of requests within 2000 ms</c>.</summary>
    public required string Description { get; init; }

    /// <summary>Gets the target in the SLO's unit: milliseconds for latency, a fraction for rates, per second for throughput.</summary>
    public double Target { get; init; }

    /// <summary>Gets the fraction of good events the SLO promises, for SLOs with an error budget; otherwise <see langword="null"/>.</summary>
    public double? Objective { get; init; }

    /// <summary>Gets the observed value over the period in the SLO's unit; <see langword="null"/> without data.</summary>
    public double? Observed { get; init; }

    /// <summary>Gets the good-event fraction over the period, for SLOs with an error budget; <see langword="null"/> without data.</summary>
    public double? Compliance { get; init; }

    /// <summary>Gets the fraction of the error budget left at the end of the period (negative when overspent), for SLOs with an error budget.</summary>
    public double? ErrorBudgetRemaining { get; init; }

    /// <summary>Gets how fast the period spent the budget: 1 spends exactly the budget over the SLO window, 0 spends none.</summary>
    public double? BurnRate { get; init; }

    /// <summary>Gets a value indicating whether the SLO was met over the period (true without data).</summary>
    public bool Compliant { get; init; }
}
