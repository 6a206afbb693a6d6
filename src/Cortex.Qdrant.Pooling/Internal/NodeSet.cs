namespace Cortex.Qdrant.Pooling.Internal;

/// <summary>The nodes one request has already failed on; small, so a list beats a hash set and allocates only on failure.</summary>
internal struct NodeSet
{
    private List<PoolNode>? _nodes;

    public readonly bool IsEmpty => _nodes is null || _nodes.Count == 0;

    public readonly bool Contains(PoolNode node) => _nodes is not null && _nodes.Contains(node);

    public void Add(PoolNode node)
    {
        _nodes ??= [];
        if (!_nodes.Contains(node))
        {
            _nodes.Add(node);
        }
    }
}
