namespace Cortex.Qdrant.Pooling;

/// <summary>How the pool picks the node for a request.</summary>
public enum LoadBalancingStrategy
{
    /// <summary>Smooth weighted round-robin: each node gets requests in proportion to its <see cref="QdrantNode.Weight"/>, interleaved.</summary>
    WeightedRoundRobin,

    /// <summary>The node with the fewest requests in flight.</summary>
    LeastOutstanding,

    /// <summary>Two nodes drawn at random; the one with fewer requests in flight wins. Cheap and robust with many nodes.</summary>
    PowerOfTwoChoices,
}
