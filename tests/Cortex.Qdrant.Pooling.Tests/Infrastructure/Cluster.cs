using Cortex.Testing.Qdrant;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Cortex.Qdrant.Pooling.Tests.Infrastructure;

/// <summary>N <see cref="QdrantTestServer"/> nodes sharing one store, holding a small collection to read.</summary>
internal sealed class Cluster : IAsyncDisposable
{
    public const string Collection = "docs";
    public const int Dimension = 8;
    public const string QueryMethod = "qdrant.Points/Query";
    public const string UpsertMethod = "qdrant.Points/Upsert";

    private Cluster(QdrantTestServer[] servers) => Servers = servers;

    public QdrantTestServer[] Servers { get; }

    public QdrantTestServer this[int index] => Servers[index];

    public static async Task<Cluster> StartAsync(int nodes, string?[]? apiKeys = null, int points = 50)
    {
        var store = new QdrantTestStore();
        var servers = new QdrantTestServer[nodes];
        for (var i = 0; i < nodes; i++)
        {
            servers[i] = await QdrantTestServer.StartAsync(new QdrantTestServerOptions { Store = store, ApiKey = apiKeys?[i] }, TestContext.Current.CancellationToken);
        }

        using var client = new QdrantClient(servers[0].Host, servers[0].Port, https: false, apiKey: apiKeys?[0]);
        await client.CreateCollectionAsync(Collection, new VectorParams { Size = Dimension, Distance = Distance.Cosine }, cancellationToken: TestContext.Current.CancellationToken);
        var random = new Random(7);
        var batch = Enumerable.Range(1, points).Select(i => new PointStruct
        {
            Id = (ulong)i,
            Vectors = Enumerable.Range(0, Dimension).Select(_ => (float)random.NextDouble()).ToArray(),
            Payload = { ["n"] = i },
        }).ToList();
        await client.UpsertAsync(Collection, batch, cancellationToken: TestContext.Current.CancellationToken);
        foreach (var server in servers)
        {
            server.ResetCallCounts();
        }

        return new Cluster(servers);
    }

    public QdrantPoolOptions Options(Action<QdrantPoolOptions>? configure = null, string?[]? apiKeys = null)
    {
        var options = new QdrantPoolOptions { MinConnections = 1, MaxConnections = 4, RetryDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.Zero };
        for (var i = 0; i < Servers.Length; i++)
        {
            options.Nodes.Add(new QdrantNode { Id = $"node-{i + 1}", Url = Servers[i].GrpcUri.ToString(), ApiKey = apiKeys?[i] });
        }

        configure?.Invoke(options);
        return options;
    }

    public static Task<IReadOnlyList<ScoredPoint>> QueryAsync(QdrantClient client, CancellationToken ct) =>
        client.QueryAsync(Collection, query: new float[] { 1, 0, 0, 0, 0, 0, 0, 0 }, limit: 3, cancellationToken: ct);

    public long Queries(int index) => Servers[index].GetCallCount(QueryMethod);

    public async ValueTask DisposeAsync()
    {
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }
    }
}
