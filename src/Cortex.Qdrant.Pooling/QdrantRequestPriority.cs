namespace Cortex.Qdrant.Pooling;

/// <summary>The order in which queued requests get a connection when the pool is saturated.</summary>
public enum QdrantRequestPriority
{
    /// <summary>Served after every other priority.</summary>
    Low = 0,

    /// <summary>The default.</summary>
    Normal = 1,

    /// <summary>Served before normal and low.</summary>
    High = 2,

    /// <summary>Served first.</summary>
    Critical = 3,
}
