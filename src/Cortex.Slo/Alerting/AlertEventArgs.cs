namespace Cortex.Slo.Alerting;

/// <summary>An alert changed: created, acknowledged or resolved.</summary>
/// <param name="alert">The alert as it is now.</param>
public sealed class AlertEventArgs(Alert alert) : EventArgs
{
    /// <summary>Gets the alert as it is now.</summary>
    public Alert Alert { get; } = alert;
}
