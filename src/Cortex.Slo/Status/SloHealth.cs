namespace Cortex.Slo.Status;

/// <summary>How an SLO, or the service, is doing.</summary>
public enum SloHealth
{
    /// <summary>Within target, or no data to judge.</summary>
    Healthy,

    /// <summary>Off target, or burning budget at a ticket's rate.</summary>
    Warning,

    /// <summary>Far off target, or burning budget at a page's rate.</summary>
    Critical,
}
