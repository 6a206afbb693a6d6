namespace Cortex.Qdrant.Pooling;

/// <summary>How the pool treats one request.</summary>
public sealed record QdrantRequestOptions
{
    /// <summary>Gets the options for a read at normal priority: retried on any transient failure.</summary>
    public static QdrantRequestOptions Read { get; } = new() { Kind = QdrantOperationKind.Read };

    /// <summary>Gets the options for an idempotent write at normal priority.</summary>
    public static QdrantRequestOptions IdempotentWrite { get; } = new() { Kind = QdrantOperationKind.IdempotentWrite };

    /// <summary>Gets the options for a non-idempotent write at normal priority (the defaults).</summary>
    public static QdrantRequestOptions NonIdempotentWrite { get; } = new() { Kind = QdrantOperationKind.NonIdempotentWrite };

    /// <summary>Gets whether the operation is safe to retry.</summary>
    /// <value>
    /// The default is <see cref="QdrantOperationKind.NonIdempotentWrite"/>: a call whose kind is not declared is retried
    /// only when it provably never reached a node. Declare reads with <see cref="Read"/> (or call
    /// <see cref="QdrantPooledClient.ReadAsync{T}"/>) so they are retried on any transient failure.
    /// </value>
    public QdrantOperationKind Kind { get; init; } = QdrantOperationKind.NonIdempotentWrite;

    /// <summary>Gets the request's place in the queue when the pool is saturated.</summary>
    /// <value>The default is <see cref="QdrantRequestPriority.Normal"/>.</value>
    public QdrantRequestPriority Priority { get; init; } = QdrantRequestPriority.Normal;

    /// <summary>Gets the id of the node the request must go to; it is then neither balanced nor retried elsewhere.</summary>
    /// <value>The default is <see langword="null"/>: any node.</value>
    public string? NodeId { get; init; }

    /// <summary>Gets the time the whole request may take, queueing and retries included.</summary>
    /// <value>The default is <see langword="null"/>: <see cref="QdrantPoolOptions.RequestTimeout"/>.</value>
    public TimeSpan? Timeout { get; init; }
}
