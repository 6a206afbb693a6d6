using System.Collections.Concurrent;
using Cortex.Testing.Qdrant.Internal;

namespace Cortex.Testing.Qdrant;

/// <summary>
/// The in-memory data behind one or more <see cref="QdrantTestServer"/> instances. Give the same store to several
/// servers (through <see cref="QdrantTestServerOptions.Store"/>) and they behave like the nodes of a replicated
/// cluster: a write through any of them is read back through all of them.
/// </summary>
/// <remarks>Thread-safe. Each collection has its own reader-writer lock; reads run in parallel, a write request is atomic.</remarks>
public sealed class QdrantTestStore
{
    private readonly ConcurrentDictionary<string, QdrantCollection> _collections = new(StringComparer.Ordinal);

    /// <summary>Gets the names of the collections that exist now, in ordinal order.</summary>
    public IReadOnlyList<string> CollectionNames => [.. _collections.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Deletes every collection, for tests that reuse one store.</summary>
    public void Clear() => _collections.Clear();

    internal bool TryAdd(QdrantCollection collection) => _collections.TryAdd(collection.Name, collection);

    internal bool Exists(string name) => _collections.ContainsKey(name);

    internal QdrantCollection Get(string name) =>
        _collections.TryGetValue(name, out var collection) ? collection : throw QdrantErrors.CollectionNotFound(name);

    // Removed collections are left to the GC rather than disposed: a request that fetched one a moment earlier may
    // still hold its lock.
    internal bool Remove(string name) => _collections.TryRemove(name, out _);
}
