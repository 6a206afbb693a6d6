using Cortex.Testing.Qdrant;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using static Cortex.Testing.Tests.Qdrant.QdrantTestKit;
using static Qdrant.Client.Grpc.Conditions;

namespace Cortex.Testing.Tests.Qdrant;

public sealed class QdrantTestServerPointsTests
{
    [Fact]
    public async Task RetrieveAsync_PayloadOfEveryKind_RoundTrips()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QdrantTestServer.StartAsync(cancellationToken: ct);
        using var client = await CreateAsync(server, "docs", ct);
        var payload = new Dictionary<string, Value>
        {
            ["text"] = "hello",
            ["count"] = 42L,
            ["ratio"] = 0.25,
            ["flag"] = true,
            ["tags"] = new[] { "a", "b" },
            ["nested"] = new Value { StructValue = new Struct { Fields = { ["inner"] = 7L } } },
            ["nothing"] = new Value { NullValue = NullValue.NullValue },
        };
        await client.UpsertAsync("docs", [new PointStruct { Id = 1, Vectors = new[] { 1f, 0f, 0f }, Payload = { payload } }], cancellationToken: ct);

        var point = Assert.Single(await client.RetrieveAsync("docs", 1ul, withPayload: true, withVectors: true, cancellationToken: ct));

        Assert.Equal(payload, point.Payload);
        Assert.Equal([1f, 0f, 0f], point.Vectors.Vector.GetDenseVector()!.Data);
    }

    [Fact]
    public async Task RetrieveAsync_NumericAndUuidIds_ReturnsEachByItsId()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QdrantTestServer.StartAsync(cancellationToken: ct);
        using var client = await CreateAsync(server, "docs", ct);
        var uuid = Guid.Parse("5c56c793-69f3-4fbf-87e6-c4bf54c28c26");
        await client.UpsertAsync("docs",
        [
            new PointStruct { Id = 7, Vectors = new[] { 1f, 0f, 0f }, Payload = { ["kind"] = "number" } },
            new PointStruct { Id = uuid, Vectors = new[] { 0f, 1f, 0f }, Payload = { ["kind"] = "uuid" } },
        ], cancellationToken: ct);

        var byNumber = await client.RetrieveAsync("docs", 7ul, cancellationToken: ct);
        var byUuid = await client.RetrieveAsync("docs", uuid, cancellationToken: ct);
        var byUpperCaseUuid = await client.RetrieveAsync("docs", [new PointId { Uuid = uuid.ToString().ToUpperInvariant() }], cancellationToken: ct);

        Assert.Equal("number", Assert.Single(byNumber).Payload["kind"].StringValue);
        Assert.Equal("uuid", Assert.Single(byUuid).Payload["kind"].StringValue);
        Assert.Equal(uuid.ToString(), Assert.Single(byUpperCaseUuid).Id.Uuid);
    }

    [Fact]
    public async Task UpsertAsync_ExistingId_OverwritesVectorAndPayload()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QdrantTestServer.StartAsync(cancellationToken: ct);
        using var client = await CreateAsync(server, "docs", ct);
        await client.UpsertAsync("docs", [new PointStruct { Id = 1, Vectors = new[] { 1f, 0f, 0f }, Payload = { ["v"] = 1L } }], cancellationToken: ct);

        var second = await client.UpsertAsync("docs", [new PointStruct { Id = 1, Vectors = new[] { 0f, 0f, 1f }, Payload = { ["w"] = 2L } }], cancellationToken: ct);

        Assert.Equal(UpdateStatus.Completed, second.Status);
        Assert.Equal(1ul, await client.CountAsync("docs", cancellationToken: ct));
        var point = Assert.Single(await client.RetrieveAsync("docs", 1ul, withVectors: true, cancellationToken: ct));
        Assert.Equal(["w"], point.Payload.Keys);
        Assert.Equal([0f, 0f, 1f], point.Vectors.Vector.GetDenseVector()!.Data);
    }

    [Fact]
    public async Task CountAsync_WithFilter_CountsMatchingPoints()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var seeded = await SeededServer.StartAsync(Distance.Cosine, 100, 4, seed: 20, ct);
        var (_, client, points) = seeded;

        var all = await client.CountAsync("docs", cancellationToken: ct);
        var small = await client.CountAsync("docs", Range("size", new global::Qdrant.Client.Grpc.Range { Lt = 5 }), cancellationToken: ct);

        Assert.Equal(100ul, all);
        Assert.Equal((ulong)points.Count(p => p.Payload["size"].IntegerValue < 5), small);
    }

    [Fact]
    public async Task DeleteAsync_ByIdsAndByFilter_RemovesThosePoints()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var seeded = await SeededServer.StartAsync(Distance.Cosine, 100, 4, seed: 21, ct);
        var (_, client, points) = seeded;

        await client.DeleteAsync("docs", [0ul, 1ul, 2ul], cancellationToken: ct);
        await client.DeleteAsync("docs", MatchKeyword("color", "red"), cancellationToken: ct);

        var expected = points.Where(p => p.Id.Num > 2 && p.Payload["color"].StringValue != "red").Select(p => p.Id.Num).ToList();
        var remaining = await client.ScrollAsync("docs", limit: 1000, cancellationToken: ct);
        Assert.Equal(expected, remaining.Result.Select(p => p.Id.Num));
        Assert.Empty(await client.RetrieveAsync("docs", 0ul, cancellationToken: ct));
    }

    [Fact]
    public async Task ScrollAsync_Pages_WalksAllPointsInIdOrderNumbersFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QdrantTestServer.StartAsync(cancellationToken: ct);
        using var client = await CreateAsync(server, "docs", ct);
        var uuids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        var points = Enumerable.Range(0, 20).Select(i => new PointStruct { Id = (ulong)(100 - i), Vectors = new[] { 1f, 0f, 0f } })
            .Concat(uuids.Select(id => new PointStruct { Id = id, Vectors = new[] { 0f, 1f, 0f } }))
            .ToList();
        await client.UpsertAsync("docs", points, cancellationToken: ct);

        var seen = new List<PointId>();
        PointId? offset = null;
        var pages = 0;
        do
        {
            var page = await client.ScrollAsync("docs", limit: 10, offset: offset, cancellationToken: ct);
            seen.AddRange(page.Result.Select(p => p.Id));
            offset = page.NextPageOffset;
            pages++;
        }
        while (offset is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(81, 20).Select(i => (ulong)i), seen.Take(20).Select(id => id.Num));
        Assert.Equal(uuids.Select(id => id.ToString()).Order(StringComparer.Ordinal), seen.Skip(20).Select(id => id.Uuid));
    }

    [Fact]
    public async Task ScrollAsync_WithFilter_ReturnsOnlyMatchingPoints()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var seeded = await SeededServer.StartAsync(Distance.Cosine, 60, 4, seed: 22, ct);
        var (_, client, points) = seeded;

        var page = await client.ScrollAsync("docs", filter: MatchKeyword("color", "blue"), limit: 100, cancellationToken: ct);

        Assert.Equal(points.Where(p => p.Payload["color"].StringValue == "blue").Select(p => p.Id.Num), page.Result.Select(p => p.Id.Num));
        Assert.Null(page.NextPageOffset);
    }

    [Fact]
    public async Task CollectionsApi_CreateListExistsInfoDelete_BehaveLikeQdrant()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QdrantTestServer.StartAsync(cancellationToken: ct);
        using var client = await CreateAsync(server, "b-docs", ct);
        await client.CreateCollectionAsync("a-docs", new VectorParams { Size = 8, Distance = Distance.Dot }, cancellationToken: ct);
        await client.UpsertAsync("a-docs", [new PointStruct { Id = 1, Vectors = new float[8] }], cancellationToken: ct);

        var names = await client.ListCollectionsAsync(ct);
        var info = await client.GetCollectionInfoAsync("a-docs", ct);
        await client.DeleteCollectionAsync("a-docs", cancellationToken: ct);

        Assert.Equal(["a-docs", "b-docs"], names);
        Assert.Equal(1ul, info.PointsCount);
        Assert.Equal(8ul, info.Config.Params.VectorsConfig.Params.Size);
        Assert.Equal(Distance.Dot, info.Config.Params.VectorsConfig.Params.Distance);
        Assert.False(await client.CollectionExistsAsync("a-docs", ct));
        Assert.True(await client.CollectionExistsAsync("b-docs", ct));
        await Assert.ThrowsAsync<QdrantException>(() => client.DeleteCollectionAsync("a-docs", cancellationToken: ct));
    }

    [Fact]
    public async Task CreatePayloadIndexAsync_KeywordField_AcceptedAndFiltersStillWork()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var seeded = await SeededServer.StartAsync(Distance.Cosine, 30, 4, seed: 23, ct);
        var (_, client, points) = seeded;

        var created = await client.CreatePayloadIndexAsync("docs", "color", cancellationToken: ct);
        var missing = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => client.CreatePayloadIndexAsync("nope", "color", cancellationToken: ct));

        Assert.Equal(UpdateStatus.Completed, created.Status);
        Assert.Equal(Grpc.Core.StatusCode.NotFound, missing.StatusCode);
        Assert.Equal((ulong)points.Count(p => p.Payload["color"].StringValue == "red"), await client.CountAsync("docs", MatchKeyword("color", "red"), cancellationToken: ct));
    }

    [Fact]
    public async Task HealthAsync_Always_ReportsTitleAndVersion()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QdrantTestServer.StartAsync(cancellationToken: ct);
        using var client = Connect(server);

        var health = await client.HealthAsync(ct);

        Assert.Equal("qdrant - vector search engine", health.Title);
        Assert.Matches(@"^\d+\.\d+\.\d+$", health.Version);
    }

    private static async Task<QdrantClient> CreateAsync(QdrantTestServer server, string collection, CancellationToken ct)
    {
        var client = Connect(server);
        await client.CreateCollectionAsync(collection, new VectorParams { Size = 3, Distance = Distance.Cosine }, cancellationToken: ct);
        return client;
    }
}
