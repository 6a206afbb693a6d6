namespace Cortex.Qdrant.Pooling.Steps;

/// <summary>A collection's vector size, asked of Qdrant once per step on first use (a failed ask is retried next time).</summary>
internal sealed class CollectionVectorSize(QdrantPooledClient pool, string collection)
{
    private Task<int>? _size;

    public Task<int> GetAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _size);
        if (current is { IsFaulted: false, IsCanceled: false })
        {
            return current;
        }

        var fresh = FetchAsync(cancellationToken);
        Interlocked.CompareExchange(ref _size, fresh, current);
        return fresh;
    }

    private async Task<int> FetchAsync(CancellationToken cancellationToken)
    {
        var info = await pool.ExecuteAsync((c, ct) => c.GetCollectionInfoAsync(collection, ct), QdrantRequestOptions.Read, cancellationToken).ConfigureAwait(false);
        return checked((int)info.Config.Params.VectorsConfig.Params.Size);
    }
}
