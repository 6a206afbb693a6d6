using System.Collections.Concurrent;
using Cortex.Qdrant.Pooling.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Qdrant.Pooling.Tests.Resilience;

public sealed class FailoverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_NodeStoppedHalfwayThroughConcurrentReadsThenRestarted_NoReadFailsAndCircuitOpensThenCloses()
    {
        await using var cluster = await Cluster.StartAsync(3);
        var time = new FakeTimeProvider();
        var options = cluster.Options(o =>
        {
            o.MaxRetries = 3;
            o.CircuitBreakerThreshold = 5;
            o.CircuitBreakerSamplingDuration = TimeSpan.FromSeconds(10);
            o.CircuitBreakerTimeout = TimeSpan.FromSeconds(30);
        });
        await using var pool = new QdrantPooledClient(options, timeProvider: time);
        var circuit = new ConcurrentQueue<(string Node, QdrantCircuitState State)>();
        pool.CircuitStateChanged += (_, e) => circuit.Enqueue((e.NodeId, e.Current));
        await pool.InitializeAsync(Ct);

        var completed = 0;
        var failures = new ConcurrentQueue<Exception>();
        var stopped = new TaskCompletionSource();
        var reads = Enumerable.Range(0, 2_000).Select(async i =>
        {
            if (i >= 1_000)
            {
                await stopped.Task;
            }

            try
            {
                var hits = await pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct);
                Assert.Equal(3, hits.Count);
            }
            catch (Exception ex)
            {
                failures.Enqueue(ex);
            }

            if (Interlocked.Increment(ref completed) == 1_000)
            {
                // Half-way: node-2 goes down, and the breaker's window forgets its healthy past.
                await cluster[1].StopAsync(Ct);
                time.Advance(TimeSpan.FromSeconds(11));
                stopped.SetResult();
            }
        }).ToList();
        await Task.WhenAll(reads);

        Assert.Empty(failures);
        Assert.Contains(("node-2", QdrantCircuitState.Open), circuit);
        Assert.Equal(QdrantCircuitState.Open, pool.GetStatistics().Nodes.Single(n => n.NodeId == "node-2").Circuit);

        await cluster[1].RestartAsync(Ct);
        time.Advance(TimeSpan.FromSeconds(31));
        for (var i = 0; i < 30; i++)
        {
            await pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct);
        }

        Assert.Equal(
            [QdrantCircuitState.Open, QdrantCircuitState.HalfOpen, QdrantCircuitState.Closed],
            circuit.Where(c => c.Node == "node-2").Select(c => c.State).ToArray());
        Assert.True(cluster.Queries(1) > 0);
        var stats = pool.GetStatistics();
        Assert.Equal(2_030, stats.Requests);
        Assert.Equal(0, stats.Failures);
        Assert.True(stats.Retries > 0, "reads that hit the stopped node were retried elsewhere");
    }

    [Fact]
    public async Task ExecuteAsync_EveryNodeDown_FailsAtOnceNamingEachNodeAndState()
    {
        await using var cluster = await Cluster.StartAsync(2);
        await using var pool = new QdrantPooledClient(cluster.Options(o => o.HealthCheckFailureThreshold = 1));
        await pool.InitializeAsync(Ct);
        await cluster[0].StopAsync(Ct);
        await cluster[1].StopAsync(Ct);
        await pool.CheckHealthAsync(Ct);

        var ex = await Assert.ThrowsAsync<QdrantNodesUnavailableException>(() => pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct));

        Assert.Contains($"node-1 ({cluster[0].GrpcUri}): active, health Down, circuit Closed", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"node-2 ({cluster[1].GrpcUri}): active, health Down, circuit Closed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_NodeFailsThenRecovers_RaisesDownThenUp()
    {
        await using var cluster = await Cluster.StartAsync(2);
        await using var pool = new QdrantPooledClient(cluster.Options(o => o.HealthCheckFailureThreshold = 2));
        var changes = new ConcurrentQueue<QdrantNodeStateChangedEventArgs>();
        pool.NodeStateChanged += (_, e) => changes.Enqueue(e);
        await pool.InitializeAsync(Ct);
        await cluster[1].StopAsync(Ct);

        await pool.CheckHealthAsync(Ct);
        Assert.DoesNotContain(changes, c => c.Current == QdrantNodeHealth.Down);
        await pool.CheckHealthAsync(Ct);
        await cluster[1].RestartAsync(Ct);
        await pool.CheckHealthAsync(Ct);

        Assert.Equal(
            [(QdrantNodeHealth.Unknown, QdrantNodeHealth.Up), (QdrantNodeHealth.Unknown, QdrantNodeHealth.Up), (QdrantNodeHealth.Up, QdrantNodeHealth.Down), (QdrantNodeHealth.Down, QdrantNodeHealth.Up)],
            changes.Select(c => (c.Previous, c.Current)).ToArray());
        Assert.Equal("node-2", changes.Last().NodeId);
        Assert.StartsWith("Unavailable", changes.ToArray()[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_NoNodeAnswers_ThrowsNamingEachNode()
    {
        await using var cluster = await Cluster.StartAsync(1);
        await cluster[0].StopAsync(Ct);
        await using var pool = new QdrantPooledClient(cluster.Options());

        var ex = await Assert.ThrowsAsync<QdrantNodesUnavailableException>(() => pool.InitializeAsync(Ct));

        Assert.Contains("No Qdrant node answered its health check at start: node-1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("QDRANT_URL", ex.Message, StringComparison.Ordinal);
    }
}
