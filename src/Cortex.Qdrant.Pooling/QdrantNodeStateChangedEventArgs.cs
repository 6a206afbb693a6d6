namespace Cortex.Qdrant.Pooling;

/// <summary>A node's health changed.</summary>
/// <param name="nodeId">The node.</param>
/// <param name="previous">The health before.</param>
/// <param name="current">The health now.</param>
/// <param name="reason">Why, for example the health check's error status; never a secret.</param>
public sealed class QdrantNodeStateChangedEventArgs(string nodeId, QdrantNodeHealth previous, QdrantNodeHealth current, string reason) : EventArgs
{
    /// <summary>Gets the node's id.</summary>
    public string NodeId { get; } = nodeId;

    /// <summary>Gets the health before the change.</summary>
    public QdrantNodeHealth Previous { get; } = previous;

    /// <summary>Gets the health after the change.</summary>
    public QdrantNodeHealth Current { get; } = current;

    /// <summary>Gets why the health changed.</summary>
    public string Reason { get; } = reason;
}
