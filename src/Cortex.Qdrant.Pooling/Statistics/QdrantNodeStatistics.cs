namespace Cortex.Qdrant.Pooling.Statistics;

/// <summary>One node's figures since the pool started.</summary>
public sealed record QdrantNodeStatistics
{
    /// <summary>Gets the node's id.</summary>
    public required string NodeId { get; init; }

    /// <summary>Gets the node's address (never its API key).</summary>
    public required string Url { get; init; }

    /// <summary>Gets the node's weight.</summary>
    public int Weight { get; init; }

    /// <summary>Gets a value indicating whether the node takes requests.</summary>
    public bool Active { get; init; }

    /// <summary>Gets the node's health.</summary>
    public QdrantNodeHealth Health { get; init; }

    /// <summary>Gets the node's circuit state.</summary>
    public QdrantCircuitState Circuit { get; init; }

    /// <summary>Gets the open connections.</summary>
    public int OpenConnections { get; init; }

    /// <summary>Gets the connections with at least one request in flight.</summary>
    public int BusyConnections { get; init; }

    /// <summary>Gets the requests in flight.</summary>
    public int InFlight { get; init; }

    /// <summary>Gets the attempts sent to the node (a retried request counts once per attempt).</summary>
    public long Requests { get; init; }

    /// <summary>Gets the attempts that failed.</summary>
    public long Errors { get; init; }

    /// <summary>Gets the failed attempts by gRPC status code name (<c>Unavailable</c>, <c>DeadlineExceeded</c>, ...).</summary>
    public IReadOnlyDictionary<string, long> ErrorsByStatus { get; init; } = new Dictionary<string, long>();

    /// <summary>Gets the median attempt duration.</summary>
    public TimeSpan P50 { get; init; }

    /// <summary>Gets the 95th percentile attempt duration.</summary>
    public TimeSpan P95 { get; init; }

    /// <summary>Gets the 99th percentile attempt duration.</summary>
    public TimeSpan P99 { get; init; }
}
