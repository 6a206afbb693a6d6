namespace Cortex.Slo.Alerting;

/// <summary>An alert: one condition on one SLO, deduplicated by its fingerprint.</summary>
public sealed record Alert
{
    /// <summary>Gets the alert's identifier, for <see cref="SloMonitor.AcknowledgeAlert"/> and <see cref="SloMonitor.ResolveAlert"/>.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the stable hash of the alert's name and labels: the same condition always has the same fingerprint.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>Gets the alert's name, for example <c>burn-rate:page-fast</c> or <c>error-rate</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the SLO the alert is about.</summary>
    public required string Slo { get; init; }

    /// <summary>Gets the severity.</summary>
    public AlertSeverity Severity { get; init; }

    /// <summary>Gets whether the condition still holds.</summary>
    public AlertState State { get; init; }

    /// <summary>Gets a one-line description with the observed figures.</summary>
    public required string Summary { get; init; }

    /// <summary>Gets the observed value that fired the alert, in the SLO's unit.</summary>
    public double Value { get; init; }

    /// <summary>Gets the alert's labels (service, slo, severity, window, ...).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets when the alert started firing.</summary>
    public DateTimeOffset StartsAt { get; init; }

    /// <summary>Gets when it resolved, or <see langword="null"/> while firing.</summary>
    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>Gets when it was acknowledged, or <see langword="null"/>; acknowledgement stops escalation.</summary>
    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>Gets the highest escalation level reached (0 before the first notification).</summary>
    public int EscalationLevel { get; init; }
}
