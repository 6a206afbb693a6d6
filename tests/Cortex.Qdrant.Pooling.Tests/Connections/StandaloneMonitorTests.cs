using Cortex.Qdrant.Pooling.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Qdrant.Pooling.Tests.Connections;

public sealed class StandaloneMonitorTests
{
    private const string HealthMethod = "qdrant.Qdrant/HealthCheck";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Constructor_StandaloneClient_HealthChecksEveryHealthCheckInterval()
    {
        await using var cluster = await Cluster.StartAsync(2);
        var time = new FakeTimeProvider();
        await using var pool = new QdrantPooledClient(
            cluster.Options(o => { o.HealthCheckInterval = TimeSpan.FromSeconds(10); o.HealthCheckFailureThreshold = 1; }),
            timeProvider: time);
        await pool.InitializeAsync(Ct);
        await cluster[1].StopAsync(Ct);
        var checks = cluster[0].GetCallCount(HealthMethod);

        time.Advance(TimeSpan.FromSeconds(10));

        await Eventually.TrueAsync(() => pool.GetStatistics().Nodes[1].Health == QdrantNodeHealth.Down, "node-2 marked down by the pool's own monitor");
        Assert.True(cluster[0].GetCallCount(HealthMethod) > checks, "node-1 was health-checked again");
    }

    [Fact]
    public async Task Constructor_StandaloneClient_ClosesIdleConnectionsAfterConnectionIdleTimeout()
    {
        await using var cluster = await Cluster.StartAsync(1);
        var time = new FakeTimeProvider();
        await using var pool = new QdrantPooledClient(
            cluster.Options(o =>
            {
                o.MinConnections = 1;
                o.MaxConnections = 4;
                o.MaxConcurrentStreamsPerConnection = 1;
                o.ConnectionIdleTimeout = TimeSpan.FromMinutes(1);
                o.HealthCheckInterval = TimeSpan.FromSeconds(30);
            }),
            timeProvider: time);
        await pool.InitializeAsync(Ct);
        cluster[0].Faults.Latency = TimeSpan.FromMilliseconds(100);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => pool.ExecuteAsync(Cluster.QueryAsync, QdrantRequestOptions.Read, Ct)));
        Assert.Equal(4, pool.GetStatistics().Nodes[0].OpenConnections);

        time.Advance(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(30));

        await Eventually.TrueAsync(() => pool.GetStatistics().Nodes[0].OpenConnections == 1, "idle extra connections closed by the pool's own monitor");
    }

    [Fact]
    public async Task DisposeAsync_StandaloneClient_StopsItsMonitor()
    {
        await using var cluster = await Cluster.StartAsync(1);
        var time = new FakeTimeProvider();
        var pool = new QdrantPooledClient(cluster.Options(o => o.HealthCheckInterval = TimeSpan.FromSeconds(10)), timeProvider: time);
        await pool.InitializeAsync(Ct);

        await pool.DisposeAsync();
        var checks = cluster[0].GetCallCount(HealthMethod);
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.True(pool.MonitorTask.IsCompleted, "the monitor loop ended with the pool");
        Assert.Equal(checks, cluster[0].GetCallCount(HealthMethod));
    }
}
