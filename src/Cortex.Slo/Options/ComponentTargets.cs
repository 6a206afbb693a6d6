namespace Cortex.Slo;

/// <summary>SLOs of the Cortex components, read from their meters (<c>Cortex.Qdrant.Pooling</c>, <c>Cortex.Zai.Optimized</c>) over the last hour.</summary>
public sealed class ComponentTargets
{
    /// <summary>Gets or sets the 95th percentile of a Qdrant attempt.</summary>
    /// <value>The default is 500 ms.</value>
    public TimeSpan? QdrantLatencyP95 { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the highest fraction of failed Qdrant attempts.</summary>
    /// <value>The default is 0.01.</value>
    public double? QdrantErrorRate { get; set; } = 0.01;

    /// <summary>Gets or sets the lowest fraction of cacheable Z.AI requests answered from the cache.</summary>
    /// <value>The default is 0.70.</value>
    public double? ZaiCacheHitRate { get; set; } = 0.70;

    /// <summary>Gets or sets the lowest fraction of Z.AI operations that joined an identical request in flight.</summary>
    /// <value>The default is 0.30.</value>
    public double? ZaiDedupRate { get; set; } = 0.30;

    /// <summary>Gets or sets the highest fraction of open Qdrant connections that are busy.</summary>
    /// <value>The default is 0.80.</value>
    public double? PoolUtilization { get; set; } = 0.80;
}
