using Cortex.Qdrant.Pooling.Tests.Infrastructure;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Qdrant.Pooling.Tests.Connections;

public sealed class ConnectionPoolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_ConcurrencyBeyondOneConnection_OpensMoreUpToMaxThenShrinksWhenIdle()
    {
        await using var cluster = await Cluster.StartAsync(1);
        var time = new FakeTimeProvider();
        await using var pool = new QdrantPooledClient(
            cluster.Options(o =>
            {
                o.MinConnections = 1;
                o.MaxConnections = 4;
                o.MaxConcurrentStreamsPerConnection = 2;
                o.ConnectionIdleTimeout = TimeSpan.FromMinutes(1);
            }),
            timeProvider: time);
        await pool.InitializeAsync(Ct);
        Assert.Equal(1, pool.GetStatistics().Nodes[0].OpenConnections);
        cluster[0].Faults.Latency = TimeSpan.FromMilliseconds(200);

        var burst = Enumerable.Range(0, 8).Select(_ => pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct)).ToList();
        await Eventually.TrueAsync(() => pool.GetStatistics().Nodes[0].InFlight == 8, "eight in flight");
        var busy = pool.GetStatistics().Nodes[0];
        await Task.WhenAll(burst);

        Assert.Equal(4, busy.OpenConnections);
        Assert.Equal(4, busy.BusyConnections);
        Assert.Equal(0, pool.GetStatistics().Queued);

        time.Advance(TimeSpan.FromSeconds(59));
        await pool.CheckHealthAsync(Ct);
        Assert.Equal(4, pool.GetStatistics().Nodes[0].OpenConnections);
        time.Advance(TimeSpan.FromSeconds(1));
        await pool.CheckHealthAsync(Ct);
        Assert.Equal(1, pool.GetStatistics().Nodes[0].OpenConnections);
    }

    [Fact]
    public async Task InitializeAsync_WarmsMinConnectionsPerNode()
    {
        await using var cluster = await Cluster.StartAsync(2);
        await using var pool = new QdrantPooledClient(cluster.Options(o => { o.MinConnections = 3; o.MaxConnections = 5; }));

        await pool.InitializeAsync(Ct);

        Assert.All(pool.GetStatistics().Nodes, n =>
        {
            Assert.Equal(3, n.OpenConnections);
            Assert.Equal(QdrantNodeHealth.Up, n.Health);
        });
        Assert.True(cluster[0].GetCallCount("qdrant.Qdrant/HealthCheck") >= 3, "each warmed connection made a call");
    }

    [Fact]
    public async Task ExecuteAsync_NodesWithTheirOwnApiKeys_SendsEachNodeItsKeyAndNeverLeaksIt()
    {
        string?[] keys = ["key-for-node-one", "key-for-node-two"];
        await using var cluster = await Cluster.StartAsync(2, keys);
        using var logs = new FakeLoggerProvider();
        using var loggerFactory = new LoggerFactory([logs]);
        await using var pool = new QdrantPooledClient(cluster.Options(apiKeys: keys), loggerFactory);

        for (var i = 0; i < 10; i++)
        {
            await pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct);
        }

        Assert.Equal(5, cluster.Queries(0));
        Assert.Equal(5, cluster.Queries(1));

        await using var wrong = new QdrantPooledClient(cluster.Options(o => o.HealthCheckFailureThreshold = 1, ["wrong-secret-key", "wrong-secret-key"]), loggerFactory);
        var ex = await Assert.ThrowsAsync<RpcException>(() => wrong.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct));
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        await wrong.CheckHealthAsync(Ct);
        var everything = string.Join("\n", logs.Collector.GetSnapshot().Select(r => $"{r.Level}: {r.Message} {r.Exception}")) + ex + System.Text.Json.JsonSerializer.Serialize(wrong.GetStatistics()) + wrong.GetStatistics();
        foreach (var secret in keys.Append("wrong-secret-key"))
        {
            Assert.DoesNotContain(secret!, everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DisposeAsync_RequestsInFlight_FinishBeforeConnectionsClose()
    {
        await using var cluster = await Cluster.StartAsync(1);
        var pool = new QdrantPooledClient(cluster.Options());
        cluster[0].Faults.Latency = TimeSpan.FromMilliseconds(200);
        var running = Enumerable.Range(0, 10).Select(_ => pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct)).ToList();
        await Eventually.TrueAsync(() => pool.GetStatistics().InFlight == 10, "ten in flight");

        await pool.DisposeAsync();

        Assert.All(running, t => Assert.True(t.IsCompletedSuccessfully));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct));
    }
}
