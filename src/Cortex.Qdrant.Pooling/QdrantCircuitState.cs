namespace Cortex.Qdrant.Pooling;

/// <summary>The state of a node's circuit breaker.</summary>
public enum QdrantCircuitState
{
    /// <summary>Requests flow.</summary>
    Closed,

    /// <summary>Too many failures: requests to the node fail fast (and go to another node) until the break ends.</summary>
    Open,

    /// <summary>The break has ended: one probe request decides whether the circuit closes or opens again.</summary>
    HalfOpen,

    /// <summary>Opened by hand; stays open until closed by hand.</summary>
    Isolated,
}
