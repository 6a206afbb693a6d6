namespace Cortex.Qdrant.Pooling;

/// <summary>
/// No node can take the request: every candidate is down, draining, inactive or has an open circuit. The message names
/// each node and its state. The pool fails at once rather than wait for a node to come back.
/// </summary>
public sealed class QdrantNodesUnavailableException : QdrantPoolException
{
    /// <summary>Initializes a new instance of the <see cref="QdrantNodesUnavailableException"/> class.</summary>
    public QdrantNodesUnavailableException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QdrantNodesUnavailableException"/> class.</summary>
    /// <param name="message">Which nodes are in which state.</param>
    public QdrantNodesUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QdrantNodesUnavailableException"/> class.</summary>
    /// <param name="message">Which nodes are in which state.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public QdrantNodesUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
