using Cortex.Testing.Qdrant;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Cortex.Testing.Tests.Qdrant;

/// <summary>Data and an independent reference ranking for the QdrantTestServer tests.</summary>
internal static class QdrantTestKit
{
    public static readonly string[] Colors = ["red", "green", "blue"];

    public static QdrantClient Connect(QdrantTestServer server, string? apiKey = null, TimeSpan grpcTimeout = default) =>
        new(server.Host, server.Port, https: false, apiKey: apiKey, grpcTimeout: grpcTimeout);

    public static float[] RandomVector(Random random, int dimension)
    {
        var vector = new float[dimension];
        for (var i = 0; i < dimension; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return vector;
    }

    /// <summary>Points 0..count-1 with a random vector, a <c>color</c> keyword and a <c>size</c> integer.</summary>
    public static List<PointStruct> RandomPoints(Random random, int count, int dimension) =>
        Enumerable.Range(0, count).Select(i => new PointStruct
        {
            Id = (ulong)i,
            Vectors = RandomVector(random, dimension),
            Payload = { ["color"] = Colors[random.Next(Colors.Length)], ["size"] = random.Next(10) },
        }).ToList();

    public static async Task<(QdrantClient Client, List<PointStruct> Points)> SeedAsync(
        QdrantTestServer server, string collection, Distance distance, int count, int dimension, int seed, CancellationToken cancellationToken)
    {
        var client = Connect(server);
        await client.CreateCollectionAsync(collection, new VectorParams { Size = (ulong)dimension, Distance = distance }, cancellationToken: cancellationToken);
        var points = RandomPoints(new Random(seed), count, dimension);
        await client.UpsertAsync(collection, points, cancellationToken: cancellationToken);
        return (client, points);
    }

    public static float[] VectorOf(PointStruct point) => [.. point.Vectors.Vector.Dense.Data];

    /// <summary>
    /// The score real Qdrant reports, computed in double precision from the raw vectors: cosine similarity, dot
    /// product, or Euclidean distance.
    /// </summary>
    public static double ReferenceScore(Distance distance, float[] query, float[] stored)
    {
        double dot = 0, queryNorm = 0, storedNorm = 0, squared = 0;
        for (var i = 0; i < query.Length; i++)
        {
            dot += (double)query[i] * stored[i];
            queryNorm += (double)query[i] * query[i];
            storedNorm += (double)stored[i] * stored[i];
            squared += ((double)query[i] - stored[i]) * ((double)query[i] - stored[i]);
        }

        return distance switch
        {
            Distance.Cosine => dot / (Math.Sqrt(queryNorm) * Math.Sqrt(storedNorm)),
            Distance.Dot => dot,
            Distance.Euclid => Math.Sqrt(squared),
            _ => throw new ArgumentOutOfRangeException(nameof(distance)),
        };
    }

    /// <summary>Every candidate scored and fully sorted, best first: the naive ranking the server must reproduce.</summary>
    public static List<(ulong Id, double Score)> BruteForce(Distance distance, float[] query, IEnumerable<PointStruct> candidates)
    {
        var scored = candidates.Select(point => (Id: point.Id.Num, Score: ReferenceScore(distance, query, VectorOf(point)))).ToList();
        return distance == Distance.Euclid
            ? [.. scored.OrderBy(entry => entry.Score).ThenBy(entry => entry.Id)]
            : [.. scored.OrderByDescending(entry => entry.Score).ThenBy(entry => entry.Id)];
    }

    /// <summary>
    /// Asserts that the server's page equals positions <paramref name="offset"/> to offset + limit of the reference
    /// ranking: same length, same scores to float precision, and the same id at every position unless the two ids tie
    /// in exact arithmetic (float rounding may then order them either way).
    /// </summary>
    public static void AssertSameRanking(IReadOnlyList<(ulong Id, double Score)> ranking, int offset, int limit, IReadOnlyList<ScoredPoint> actual)
    {
        var expected = ranking.Skip(offset).Take(limit).ToList();
        Assert.Equal(expected.Count, actual.Count);
        var allScores = ranking.ToDictionary(entry => entry.Id, entry => entry.Score);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Score, actual[i].Score, 1e-4);
            if (actual[i].Id.Num != expected[i].Id)
            {
                Assert.True(
                    allScores.TryGetValue(actual[i].Id.Num, out var score) && Math.Abs(score - expected[i].Score) < 1e-6,
                    $"Position {offset + i}: expected id {expected[i].Id} (score {expected[i].Score}), got {actual[i].Id.Num}.");
            }
        }

        Assert.Equal(actual.Count, actual.Select(point => point.Id.Num).Distinct().Count());
    }
}
