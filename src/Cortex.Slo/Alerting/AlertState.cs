namespace Cortex.Slo.Alerting;

/// <summary>Whether an alert's condition still holds.</summary>
public enum AlertState
{
    /// <summary>The condition holds.</summary>
    Firing,

    /// <summary>The condition cleared, or someone resolved the alert.</summary>
    Resolved,
}
