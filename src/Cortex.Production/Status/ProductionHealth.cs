namespace Cortex.Production.Status;

/// <summary>The overall health of a deployment, from its registered health checks.</summary>
public enum ProductionHealth
{
    /// <summary>Every check reported healthy.</summary>
    Healthy,

    /// <summary>At least one check reported degraded and none unhealthy.</summary>
    Degraded,

    /// <summary>At least one check reported unhealthy.</summary>
    Unhealthy,
}
