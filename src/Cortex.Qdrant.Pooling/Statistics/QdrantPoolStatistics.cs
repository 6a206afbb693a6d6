namespace Cortex.Qdrant.Pooling.Statistics;

/// <summary>The pool's figures since it started, the same numbers its metrics report.</summary>
public sealed record QdrantPoolStatistics
{
    /// <summary>Gets each node's figures.</summary>
    public required IReadOnlyList<QdrantNodeStatistics> Nodes { get; init; }

    /// <summary>Gets the requests completed (after retries), successful or not.</summary>
    public long Requests { get; init; }

    /// <summary>Gets the requests that failed after every retry.</summary>
    public long Failures { get; init; }

    /// <summary>Gets the retries made.</summary>
    public long Retries { get; init; }

    /// <summary>Gets the requests in flight.</summary>
    public int InFlight { get; init; }

    /// <summary>Gets the requests waiting for a connection now.</summary>
    public int QueueLength { get; init; }

    /// <summary>Gets the requests refused because the queue was full.</summary>
    public long QueueRejections { get; init; }

    /// <summary>Gets the requests that had to wait for a connection.</summary>
    public long Queued { get; init; }

    /// <summary>Gets the 95th percentile of the time queued requests waited.</summary>
    public TimeSpan QueueWaitP95 { get; init; }

    /// <summary>Gets the median request duration, retries included.</summary>
    public TimeSpan P50 { get; init; }

    /// <summary>Gets the 95th percentile request duration, retries included.</summary>
    public TimeSpan P95 { get; init; }

    /// <summary>Gets the 99th percentile request duration, retries included.</summary>
    public TimeSpan P99 { get; init; }
}
