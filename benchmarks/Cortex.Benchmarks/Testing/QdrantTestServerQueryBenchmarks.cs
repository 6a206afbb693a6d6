using BenchmarkDotNet.Attributes;
using Cortex.Testing.Qdrant;
using Cortex.Testing.Qdrant.Internal;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Cortex.Benchmarks.Testing;

/// <summary>
/// Top-10 Cosine query over 10,000 vectors of dimension 384: the test server's store (bounded-heap selection, SIMD
/// scoring) against the naive brute force a user would write, plus the same query end to end through the real
/// QdrantClient over a loopback socket.
/// </summary>
[MemoryDiagnoser]
public class QdrantTestServerQueryBenchmarks
{
    private const string Collection = "bench";
    private const int Count = 10_000;
    private const int Dimension = 384;
    private const int Limit = 10;

    private QdrantTestServer _server = null!;
    private QdrantClient _client = null!;
    private QdrantCollection _collection = null!;
    private float[][] _normalized = null!;
    private float[] _query = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var random = new Random(42);
        _server = await QdrantTestServer.StartAsync();
        _client = new QdrantClient(_server.Host, _server.Port, https: false);
        await _client.CreateCollectionAsync(Collection, new VectorParams { Size = Dimension, Distance = Distance.Cosine });

        var vectors = Enumerable.Range(0, Count).Select(_ => RandomVector(random)).ToArray();
        foreach (var chunk in vectors.Select((vector, id) => (vector, id)).Chunk(1000))
        {
            await _client.UpsertAsync(Collection, [.. chunk.Select(p => new PointStruct { Id = (ulong)p.id, Vectors = p.vector })]);
        }

        _collection = _server.Store.Get(Collection);
        _normalized = [.. vectors.Select(Normalize)];
        _query = RandomVector(random);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>Score every vector with a scalar loop, sort them all, take the first ten.</summary>
    [Benchmark(Baseline = true)]
    public ulong NaiveBruteForce()
    {
        var query = Normalize(_query);
        var scored = new (float Score, int Id)[_normalized.Length];
        for (var i = 0; i < _normalized.Length; i++)
        {
            var vector = _normalized[i];
            var dot = 0f;
            for (var d = 0; d < vector.Length; d++)
            {
                dot += vector[d] * query[d];
            }

            scored[i] = (dot, i);
        }

        Array.Sort(scored, static (a, b) => b.Score.CompareTo(a.Score));
        return (ulong)scored.Take(Limit).Sum(entry => entry.Id);
    }

    [Benchmark]
    public ulong StoreQuery() =>
        (ulong)_collection.Search(new NearestQuery { Vector = _query, Limit = Limit }).Sum(point => (long)point.Id.Num);

    [Benchmark]
    public async Task<ulong> EndToEndQueryAsync()
    {
        var result = await _client.QueryAsync(Collection, _query, limit: Limit);
        return (ulong)result.Sum(point => (long)point.Id.Num);
    }

    private static float[] RandomVector(Random random)
    {
        var vector = new float[Dimension];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return vector;
    }

    private static float[] Normalize(float[] vector)
    {
        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        return [.. vector.Select(x => x / norm)];
    }
}
