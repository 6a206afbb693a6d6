using Cortex.Slo.Alerting;

namespace Cortex.Slo.Reports;

/// <summary>An alert that was firing during a report's period.</summary>
public sealed record SloIncident
{
    /// <summary>Gets the alert's name, for example <c>burn-rate:page-fast</c>.</summary>
    public required string AlertName { get; init; }

    /// <summary>Gets the SLO the alert was about.</summary>
    public required string Slo { get; init; }

    /// <summary>Gets the alert's severity.</summary>
    public AlertSeverity Severity { get; init; }

    /// <summary>Gets the alert's one-line description with the figures that fired it.</summary>
    public required string Summary { get; init; }

    /// <summary>Gets when the alert started firing (possibly before the period).</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets when it resolved, or <see langword="null"/> when it was still firing at the end of the period.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Gets how long it fired, up to the end of the period when it was still firing.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets a value indicating whether someone acknowledged it.</summary>
    public bool Acknowledged { get; init; }
}
