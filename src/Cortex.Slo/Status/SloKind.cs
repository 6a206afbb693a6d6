namespace Cortex.Slo.Status;

/// <summary>What an SLO measures.</summary>
public enum SloKind
{
    /// <summary>The fraction of requests that succeed.</summary>
    Availability,

    /// <summary>The fraction of requests faster than a threshold, and that percentile's value.</summary>
    Latency,

    /// <summary>The fraction of requests that fail, against warning and critical levels.</summary>
    ErrorRate,

    /// <summary>Requests per second.</summary>
    Throughput,

    /// <summary>A process resource: CPU or memory.</summary>
    Resource,

    /// <summary>A Cortex component's figure (Qdrant latency and errors, Z.AI cache and dedup rates, pool utilization).</summary>
    Component,
}
