namespace Cortex.Qdrant.Pooling;

/// <summary>What the health monitor last concluded about a node.</summary>
public enum QdrantNodeHealth
{
    /// <summary>Not checked yet.</summary>
    Unknown,

    /// <summary>The last health check succeeded.</summary>
    Up,

    /// <summary>The last <see cref="QdrantPoolOptions.HealthCheckFailureThreshold"/> health checks failed; the node gets no requests.</summary>
    Down,

    /// <summary>Being removed: it finishes its requests in flight and gets no new ones.</summary>
    Draining,
}
