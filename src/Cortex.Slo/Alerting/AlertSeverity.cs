namespace Cortex.Slo.Alerting;

/// <summary>How urgent an alert is.</summary>
public enum AlertSeverity
{
    /// <summary>For the record; nobody needs to act.</summary>
    Info,

    /// <summary>Someone should look within hours (a ticket).</summary>
    Warning,

    /// <summary>Someone must act now (a page).</summary>
    Critical,
}
