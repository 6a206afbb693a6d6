namespace Cortex.Qdrant.Pooling;

/// <summary>
/// Every connection is at capacity and the request queue is full (or disabled), so the request failed at once rather
/// than wait. Raise <see cref="QdrantPoolOptions.MaxConnections"/> or <see cref="QdrantPoolOptions.MaxQueueSize"/>, add
/// nodes, or shed load.
/// </summary>
public sealed class QdrantQueueFullException : QdrantPoolException
{
    /// <summary>Initializes a new instance of the <see cref="QdrantQueueFullException"/> class.</summary>
    public QdrantQueueFullException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QdrantQueueFullException"/> class.</summary>
    /// <param name="message">What is full and what to do.</param>
    public QdrantQueueFullException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QdrantQueueFullException"/> class.</summary>
    /// <param name="message">What is full and what to do.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public QdrantQueueFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
