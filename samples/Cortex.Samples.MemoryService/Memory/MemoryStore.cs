using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cortex.Qdrant.Pooling;
using Grpc.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Qdrant.Client.Grpc;

namespace Cortex.Samples.MemoryService.Memory;

/// <summary>
/// The memory operations, shared by the HTTP endpoints and the load-test steps: embeddings through the Z.AI client,
/// points in Qdrant through the pool, one point per distinct content.
/// </summary>
public sealed class MemoryStore : IDisposable
{
    private const string KindField = "kind";
    private const string DataField = "data";
    private const string ProjectField = "project";
    private const string BranchField = "branch";
    private const string OrgField = "org";

    private readonly QdrantPooledClient _pool;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly MemoryOptions _options;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _ready;

    /// <summary>Creates the store.</summary>
    /// <param name="pool">The Qdrant pool.</param>
    /// <param name="embedder">The embedding generator (the Z.AI client).</param>
    /// <param name="options">The collection and embedding size.</param>
    public MemoryStore(
        QdrantPooledClient pool,
        IEmbeddingGenerator<string, Embedding<float>> embedder,
        IOptions<MemoryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _pool = pool;
        _embedder = embedder;
        _options = options.Value;
    }

    /// <summary>Gets the collection the memories live in.</summary>
    public string Collection => _options.Collection;

    /// <summary>Creates the collection (with keyword indexes on kind and scope) unless it exists; safe to call often.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the collection exists.</returns>
    public async Task EnsureCollectionAsync(CancellationToken cancellationToken = default)
    {
        if (_ready)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ready)
            {
                return;
            }

            var collection = _options.Collection;
            var exists = await _pool.ExecuteAsync((c, ct) => c.CollectionExistsAsync(collection, ct), QdrantRequestOptions.Read, cancellationToken).ConfigureAwait(false);
            if (!exists)
            {
                var size = _options.Dimensions ?? (await EmbedAsync(["dimension probe"], cancellationToken).ConfigureAwait(false))[0].Length;
                try
                {
                    await _pool.ExecuteAsync(
                        async (c, ct) =>
                        {
                            await c.CreateCollectionAsync(collection, new VectorParams { Size = (ulong)size, Distance = Distance.Cosine }, cancellationToken: ct).ConfigureAwait(false);
                            return true;
                        },
                        QdrantRequestOptions.NonIdempotentWrite,
                        cancellationToken).ConfigureAwait(false);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
                {
                    // Another instance created it first.
                }

                foreach (var field in new[] { KindField, ProjectField, BranchField, OrgField })
                {
                    await _pool.ExecuteAsync((c, ct) => c.CreatePayloadIndexAsync(collection, field, PayloadSchemaType.Keyword, cancellationToken: ct), QdrantRequestOptions.IdempotentWrite, cancellationToken).ConfigureAwait(false);
                }
            }

            _ready = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>
    /// Stores items that are not stored yet: one embeddings call for all new texts, one upsert. The point id is a hash of
    /// kind, canonical data and scope, so storing the same content again writes nothing.
    /// </summary>
    /// <param name="items">Valid items (see <see cref="MemoryValidation"/>).</param>
    /// <param name="cancellationToken">Stops the operation.</param>
    /// <returns>How many were stored and how many were duplicates, and every item's id.</returns>
    public Task<StoreResult> StoreAsync(IReadOnlyList<MemoryItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        return StoreCoreAsync(items, cancellationToken);
    }

    /// <summary>Finds the memories nearest to a query within a scope and kinds.</summary>
    /// <param name="request">A valid request (see <see cref="MemoryValidation"/>).</param>
    /// <param name="cancellationToken">Stops the operation.</param>
    /// <returns>The memories, best first.</returns>
    public Task<FindResult> FindAsync(FindRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return FindCoreAsync(request, cancellationToken);
    }

    /// <inheritdoc/>
    public void Dispose() => _initLock.Dispose();

    /// <summary>The deterministic point id of a memory: a GUID (version 8) from the SHA-256 of kind, canonical data and scope.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="canonicalData">The data as <see cref="CanonicalJson"/> text.</param>
    /// <param name="scope">The scope.</param>
    /// <returns>The id.</returns>
    internal static Guid ContentId(string kind, string canonicalData, MemoryScope scope)
    {
        // A separator that cannot occur unescaped in JSON text, and a marker that tells a missing field from an empty one.
        var text = string.Join('\u001f', kind, canonicalData, scope.Project ?? "\u0000", scope.Branch ?? "\u0000", scope.Org ?? "\u0000");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    private async Task<StoreResult> StoreCoreAsync(IReadOnlyList<MemoryItem> items, CancellationToken cancellationToken)
    {
        await EnsureCollectionAsync(cancellationToken).ConfigureAwait(false);
        var ids = new Guid[items.Count];
        var pending = new Dictionary<Guid, (MemoryItem Item, string Data)>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var data = CanonicalJson.Write(item.Data);
            ids[i] = ContentId(item.Kind!, data, item.Scope ?? MemoryScope.None);
            pending.TryAdd(ids[i], (item, data));
        }

        var collection = _options.Collection;
        var candidates = pending.Keys.Select(id => new PointId { Uuid = id.ToString() }).ToList();
        var existing = await _pool.ExecuteAsync(
            (c, ct) => c.RetrieveAsync(collection, candidates, withPayload: false, withVectors: false, cancellationToken: ct),
            QdrantRequestOptions.Read,
            cancellationToken).ConfigureAwait(false);
        foreach (var point in existing)
        {
            pending.Remove(Guid.Parse(point.Id.Uuid));
        }

        if (pending.Count > 0)
        {
            var entries = pending.ToList();
            var vectors = await EmbedAsync([.. entries.Select(e => EmbeddingText.Write(e.Value.Item.Kind!, e.Value.Item.Data))], cancellationToken).ConfigureAwait(false);
            var points = new List<PointStruct>(entries.Count);
            for (var i = 0; i < entries.Count; i++)
            {
                var (item, data) = entries[i].Value;
                var point = new PointStruct { Id = new PointId { Uuid = entries[i].Key.ToString() }, Vectors = vectors[i] };
                point.Payload[KindField] = item.Kind!;
                point.Payload[DataField] = data;
                AddScope(point, item.Scope);
                points.Add(point);
            }

            // Upserting a point by its content id twice writes the same point: safe to retry.
            await _pool.ExecuteAsync(
                (c, ct) => c.UpsertAsync(collection, points, wait: true, cancellationToken: ct),
                QdrantRequestOptions.IdempotentWrite,
                cancellationToken).ConfigureAwait(false);
        }

        return new StoreResult(pending.Count, items.Count - pending.Count, ids);
    }

    private async Task<FindResult> FindCoreAsync(FindRequest request, CancellationToken cancellationToken)
    {
        await EnsureCollectionAsync(cancellationToken).ConfigureAwait(false);
        var vector = (await EmbedAsync([request.Query!], cancellationToken).ConfigureAwait(false))[0];
        var filter = BuildFilter(request.Scope, request.Types);
        var limit = (ulong)(request.Limit ?? MemoryValidation.DefaultLimit);
        var collection = _options.Collection;
        var points = await _pool.ExecuteAsync(
            (c, ct) => c.QueryAsync(collection, query: vector, filter: filter, limit: limit, payloadSelector: true, cancellationToken: ct),
            QdrantRequestOptions.Read,
            cancellationToken).ConfigureAwait(false);
        return new FindResult([.. points.Select(ToFoundItem)]);
    }

    private async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var options = _options.Dimensions is { } dimensions ? new EmbeddingGenerationOptions { Dimensions = dimensions } : null;
        var embeddings = await _embedder.GenerateAsync(texts, options, cancellationToken).ConfigureAwait(false);
        if (embeddings.Count != texts.Count)
        {
            throw new InvalidOperationException($"The embedding service returned {embeddings.Count} vectors for {texts.Count} texts.");
        }

        return [.. embeddings.Select(e => e.Vector.ToArray())];
    }

    private static void AddScope(PointStruct point, MemoryScope? scope)
    {
        if (scope?.Project is { } project)
        {
            point.Payload[ProjectField] = project;
        }

        if (scope?.Branch is { } branch)
        {
            point.Payload[BranchField] = branch;
        }

        if (scope?.Org is { } org)
        {
            point.Payload[OrgField] = org;
        }
    }

    private static Filter? BuildFilter(MemoryScope? scope, IReadOnlyList<string>? types)
    {
        var filter = new Filter();
        if (scope?.Project is { } project)
        {
            filter.Must.Add(Conditions.MatchKeyword(ProjectField, project));
        }

        if (scope?.Branch is { } branch)
        {
            filter.Must.Add(Conditions.MatchKeyword(BranchField, branch));
        }

        if (scope?.Org is { } org)
        {
            filter.Must.Add(Conditions.MatchKeyword(OrgField, org));
        }

        if (types is { Count: > 0 })
        {
            filter.Must.Add(Conditions.Match(KindField, [.. types.Distinct(StringComparer.Ordinal)]));
        }

        return filter.Must.Count == 0 ? null : filter;
    }

    private static FoundItem ToFoundItem(ScoredPoint point)
    {
        string? Text(string field) => point.Payload.TryGetValue(field, out var value) && value.KindCase == Value.KindOneofCase.StringValue ? value.StringValue : null;

        using var data = JsonDocument.Parse(Text(DataField) ?? "null");
        return new FoundItem(
            Guid.Parse(point.Id.Uuid),
            point.Score,
            Text(KindField) ?? string.Empty,
            data.RootElement.Clone(),
            new MemoryScope(Text(ProjectField), Text(BranchField), Text(OrgField)));
    }
}
