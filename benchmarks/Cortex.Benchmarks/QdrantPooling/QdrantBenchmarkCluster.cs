using Cortex.Qdrant.Pooling;
using Cortex.Testing.Qdrant;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Cortex.Benchmarks.QdrantPooling;

/// <summary>Test-server nodes sharing one store with a small collection: the "small query" of the pooling benchmarks.</summary>
internal sealed class QdrantBenchmarkCluster : IAsyncDisposable
{
    public const string Collection = "bench";
    public const int Dimension = 64;

    private QdrantBenchmarkCluster(QdrantTestServer[] servers) => Servers = servers;

    public QdrantTestServer[] Servers { get; }

    public static float[] Query { get; } = [.. Enumerable.Range(0, Dimension).Select(i => (float)Math.Sin(i))];

    public static async Task<QdrantBenchmarkCluster> StartAsync(int nodes)
    {
        var store = new QdrantTestStore();
        var servers = new QdrantTestServer[nodes];
        for (var i = 0; i < nodes; i++)
        {
            servers[i] = await QdrantTestServer.StartAsync(new QdrantTestServerOptions { Store = store });
        }

        using var client = new QdrantClient(servers[0].Host, servers[0].Port, https: false);
        await client.CreateCollectionAsync(Collection, new VectorParams { Size = Dimension, Distance = Distance.Cosine });
        var random = new Random(42);
        var points = Enumerable.Range(1, 1_000).Select(i => new PointStruct
        {
            Id = (ulong)i,
            Vectors = Enumerable.Range(0, Dimension).Select(_ => (float)random.NextDouble()).ToArray(),
        }).ToList();
        await client.UpsertAsync(Collection, points);
        return new QdrantBenchmarkCluster(servers);
    }

    public static Task<IReadOnlyList<ScoredPoint>> QueryAsync(QdrantClient client, CancellationToken cancellationToken) =>
        client.QueryAsync(Collection, query: Query, limit: 10, cancellationToken: cancellationToken);

    public QdrantPoolOptions PoolOptions(Action<QdrantPoolOptions>? configure = null)
    {
        var options = new QdrantPoolOptions { EnableMetrics = true };
        for (var i = 0; i < Servers.Length; i++)
        {
            options.Nodes.Add(new QdrantNode { Id = $"node-{i + 1}", Url = Servers[i].GrpcUri.ToString() });
        }

        configure?.Invoke(options);
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }
    }
}
