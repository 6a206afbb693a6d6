using Cortex.Testing.Qdrant;
using Qdrant.Client.Grpc;
using static Cortex.Testing.Tests.Qdrant.QdrantTestKit;
using static Qdrant.Client.Grpc.Conditions;

namespace Cortex.Testing.Tests.Qdrant;

public sealed class QdrantTestServerQueryTests
{
    private const int Dimension = 32;

    [Theory]
    [InlineData(Distance.Cosine)]
    [InlineData(Distance.Dot)]
    [InlineData(Distance.Euclid)]
    public async Task QueryAsync_RandomVectors_TopTenEqualsBruteForce(Distance distance)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var seeded = await SeededServer.StartAsync(distance, 1000, Dimension, seed: 42, ct);
        var (_, client, points) = seeded;
        var random = new Random(7);

        for (var q = 0; q < 20; q++)
        {
            var query = RandomVector(random, Dimension);
            var result = await client.QueryAsync("docs", query, limit: 10, cancellationToken: ct);
            AssertSameRanking(BruteForce(distance, query, points), 0, 10, result);
        }
    }

    [Fact]
    public async Task QueryAsync_LimitAndOffset_ReturnsThatSliceOfTheRanking()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var seeded = await SeededServer.StartAsync(Distance.Cosine, 300, Dimension, seed: 1, ct);
        var (_, client, points) = seeded;
        var query = RandomVector(new Random(2), Dimension);

        var page = await client.QueryAsync("docs", query, limit: 7, offset: 5, cancellationToken: ct);

        AssertSameRanking(BruteForce(Distance.Cosine, query, points), 5, 7, page);
    }

    [Theory]
    [InlineData(Distance.Cosine)]
    [InlineData(Distance.Euclid)]
    public async Task QueryAsync_ScoreThreshold_KeepsOnlyStrictlyBetterScores(Distance distance)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var seeded = await SeededServer.StartAsync(distance, 200, Dimension, seed: 3, ct);
        var (_, client, _) = seeded;
        var query = RandomVector(new Random(4), Dimension);
        var top = await client.QueryAsync("docs", query, limit: 10, cancellationToken: ct);

        var filtered = await client.QueryAsync("docs", query, limit: 10, scoreThreshold: top[4].Score, cancellationToken: ct);

        Assert.Equal(top.Take(4).Select(p => p.Id), filtered.Select(p => p.Id));
    }

    [Fact]
    public async Task QueryAsync_KeywordFilter_EqualsBruteForceOverMatchingPoints()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var seeded = await SeededServer.StartAsync(Distance.Dot, 500, Dimension, seed: 5, ct);
        var (_, client, points) = seeded;
        var query = RandomVector(new Random(6), Dimension);

        var result = await client.QueryAsync("docs", query, filter: MatchKeyword("color", "red"), limit: 10, payloadSelector: true, cancellationToken: ct);

        var matching = points.Where(p => p.Payload["color"].StringValue == "red");
        AssertSameRanking(BruteForce(Distance.Dot, query, matching), 0, 10, result);
        Assert.All(result, p => Assert.Equal("red", p.Payload["color"].StringValue));
    }

    [Fact]
    public async Task QueryAsync_IntegerMustShouldAndMustNot_EqualsBruteForceOverMatchingPoints()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var seeded = await SeededServer.StartAsync(Distance.Euclid, 500, Dimension, seed: 8, ct);
        var (_, client, points) = seeded;
        var query = RandomVector(new Random(9), Dimension);
        var filter = new Filter
        {
            Must = { Match("size", 3) },
            Should = { MatchKeyword("color", "red"), MatchKeyword("color", "blue") },
        };
        var withoutRed = new Filter { MustNot = { MatchKeyword("color", "red") } };

        var result = await client.QueryAsync("docs", query, filter: filter, limit: 10, cancellationToken: ct);
        var notRed = await client.QueryAsync("docs", query, filter: withoutRed, limit: 10, cancellationToken: ct);

        var matching = points.Where(p => p.Payload["size"].IntegerValue == 3 && p.Payload["color"].StringValue is "red" or "blue");
        AssertSameRanking(BruteForce(Distance.Euclid, query, matching), 0, 10, result);
        AssertSameRanking(BruteForce(Distance.Euclid, query, points.Where(p => p.Payload["color"].StringValue != "red")), 0, 10, notRed);
    }

    [Fact]
    public async Task QueryAsync_WithPayloadAndVectors_ReturnsPayloadAndNormalizedVector()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QdrantTestServer.StartAsync(cancellationToken: ct);
        using var client = Connect(server);
        await client.CreateCollectionAsync("docs", new VectorParams { Size = 2, Distance = Distance.Cosine }, cancellationToken: ct);
        await client.UpsertAsync("docs", [new PointStruct { Id = 1, Vectors = new[] { 3f, 4f }, Payload = { ["title"] = "a" } }], cancellationToken: ct);

        var withAll = await client.QueryAsync("docs", new[] { 1f, 0f }, payloadSelector: true, vectorsSelector: true, cancellationToken: ct);
        var withNothing = await client.QueryAsync("docs", new[] { 1f, 0f }, payloadSelector: false, cancellationToken: ct);

        var point = Assert.Single(withAll);
        Assert.Equal("a", point.Payload["title"].StringValue);
        Assert.Equal([0.6f, 0.8f], point.Vectors.Vector.GetDenseVector()!.Data, (x, y) => Math.Abs(x - y) < 1e-6);
        Assert.Equal(0.6f, point.Score, 1e-6);
        Assert.Empty(Assert.Single(withNothing).Payload);
        Assert.Null(Assert.Single(withNothing).Vectors);
    }

    [Fact]
    public async Task QueryAsync_ByPointId_RanksByThatPointsVectorWithoutIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var seeded = await SeededServer.StartAsync(Distance.Cosine, 200, Dimension, seed: 10, ct);
        var (_, client, points) = seeded;

        var result = await client.QueryAsync("docs", 17ul, limit: 5, cancellationToken: ct);

        AssertSameRanking(BruteForce(Distance.Cosine, VectorOf(points[17]), points.Where(p => p.Id.Num != 17)), 0, 5, result);
    }

#pragma warning disable CS0618 // SearchAsync is obsolete in Qdrant.Client 1.20, but older hosts still call it.
    [Fact]
    public async Task SearchAsync_RandomVectors_EqualsBruteForce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var seeded = await SeededServer.StartAsync(Distance.Cosine, 300, Dimension, seed: 11, ct);
        var (_, client, points) = seeded;
        var query = RandomVector(new Random(12), Dimension);

        var result = await client.SearchAsync("docs", query, filter: MatchKeyword("color", "green"), limit: 8, offset: 2, cancellationToken: ct);

        AssertSameRanking(BruteForce(Distance.Cosine, query, points.Where(p => p.Payload["color"].StringValue == "green")), 2, 8, result);
    }
#pragma warning restore CS0618

    [Fact]
    public async Task QueryBatchAsync_TwoQueries_AnswersEachLikeQueryAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var seeded = await SeededServer.StartAsync(Distance.Dot, 200, Dimension, seed: 13, ct);
        var (_, client, points) = seeded;
        var random = new Random(14);
        var queries = new[] { RandomVector(random, Dimension), RandomVector(random, Dimension) };

        var results = await client.QueryBatchAsync(
            "docs", [.. queries.Select(q => new QueryPoints { CollectionName = "docs", Query = q, Limit = 5 })], cancellationToken: ct);

        Assert.Equal(2, results.Count);
        for (var i = 0; i < queries.Length; i++)
        {
            AssertSameRanking(BruteForce(Distance.Dot, queries[i], points), 0, 5, results[i].Result);
        }
    }
}
