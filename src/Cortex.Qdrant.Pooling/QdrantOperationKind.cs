namespace Cortex.Qdrant.Pooling;

/// <summary>Whether an operation is safe to repeat, which decides when the pool retries it.</summary>
public enum QdrantOperationKind
{
    /// <summary>A read (query, get, scroll, count): retried on any transient failure.</summary>
    Read,

    /// <summary>A write that has the same effect when repeated (upsert by id, delete by id): retried like a read.</summary>
    IdempotentWrite,

    /// <summary>A write that must not run twice: retried only when the failure proves the request never reached the server.</summary>
    NonIdempotentWrite,
}
