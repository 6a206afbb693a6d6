namespace Cortex.Qdrant.Pooling.Internal;

/// <summary>The pool settings that may change while it runs, shared by the pool and its nodes (options are never mutated).</summary>
internal sealed class PoolLimits(int maxConnections)
{
    private int _maxConnections = maxConnections;

    public int MaxConnections
    {
        get => Volatile.Read(ref _maxConnections);
        set => Volatile.Write(ref _maxConnections, value);
    }
}
