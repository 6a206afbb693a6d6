using Cortex.Testing.Qdrant;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Cortex.Testing.Tests.Qdrant;

/// <summary>A started server with a "docs" collection of random points and a client connected to it.</summary>
internal sealed class SeededServer(QdrantTestServer server, QdrantClient client, List<PointStruct> points) : IAsyncDisposable
{
    public static async Task<SeededServer> StartAsync(Distance distance, int count, int dimension, int seed, CancellationToken ct)
    {
        var server = await QdrantTestServer.StartAsync(cancellationToken: ct);
        var (client, points) = await QdrantTestKit.SeedAsync(server, "docs", distance, count, dimension, seed, ct);
        return new SeededServer(server, client, points);
    }

    public void Deconstruct(out QdrantTestServer server, out QdrantClient client, out List<PointStruct> points) =>
        (server, client, points) = (Server, Client, Points);

    public QdrantTestServer Server { get; } = server;

    public QdrantClient Client { get; } = client;

    public List<PointStruct> Points { get; } = points;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
