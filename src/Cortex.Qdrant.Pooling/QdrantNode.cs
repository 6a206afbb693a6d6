namespace Cortex.Qdrant.Pooling;

/// <summary>One Qdrant node the pool sends requests to.</summary>
public sealed class QdrantNode
{
    /// <summary>Gets or sets the node's id, unique within a pool; it tags metrics, statistics and errors.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Gets or sets the node's gRPC address, <c>http://host:6334</c> or <c>https://host:6334</c>.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>Gets or sets the node's share of requests under weighted round-robin, relative to the other nodes.</summary>
    /// <value>The default is 1. Must be greater than 0.</value>
    public int Weight { get; set; } = 1;

    /// <summary>Gets or sets a value indicating whether the node receives requests.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Active { get; set; } = true;

    /// <summary>Gets or sets the API key sent in the <c>api-key</c> header to this node; it never appears in logs, errors or statistics.</summary>
    /// <value>The default is <see langword="null"/>: no key.</value>
    public string? ApiKey { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"{Id} ({Url})";
}
