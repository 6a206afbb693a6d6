using System.Collections.Concurrent;
using Cortex.Qdrant.Pooling.Tests.Infrastructure;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Qdrant.Pooling.Tests.Resilience;

public sealed class CircuitBreakerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static QdrantPoolOptions Options(Cluster cluster) => cluster.Options(o =>
    {
        o.MaxRetries = 0;
        o.CircuitBreakerThreshold = 4;
        o.CircuitBreakerFailureRatio = 1.0;
        o.CircuitBreakerTimeout = TimeSpan.FromSeconds(60);
    });

    [Fact]
    public async Task Circuit_FailuresThenBreakThenProbe_OpensHalfOpensAndClosesAtExactTimes()
    {
        await using var cluster = await Cluster.StartAsync(1);
        var time = new FakeTimeProvider();
        await using var pool = new QdrantPooledClient(Options(cluster), timeProvider: time);
        var states = new ConcurrentQueue<(QdrantCircuitState State, TimeSpan At)>();
        var start = time.GetUtcNow();
        pool.CircuitStateChanged += (_, e) => states.Enqueue((e.Current, time.GetUtcNow() - start));
        cluster[0].Faults.FailNext(4, StatusCode.Unavailable, Cluster.QueryMethod);

        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct));
        }

        Assert.Equal([(QdrantCircuitState.Open, TimeSpan.Zero)], states.ToArray());
        var calls = cluster.Queries(0);
        var open = await Assert.ThrowsAsync<QdrantNodesUnavailableException>(() => pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct));
        Assert.Contains("node-1", open.Message, StringComparison.Ordinal);
        Assert.Contains("circuit Open", open.Message, StringComparison.Ordinal);

        time.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromMilliseconds(1));
        await Assert.ThrowsAsync<QdrantNodesUnavailableException>(() => pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct));
        Assert.Equal(calls, cluster.Queries(0));

        time.Advance(TimeSpan.FromMilliseconds(1));
        var hits = await pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct);

        Assert.Equal(3, hits.Count);
        Assert.Equal(
            [(QdrantCircuitState.Open, TimeSpan.Zero), (QdrantCircuitState.HalfOpen, TimeSpan.FromSeconds(60)), (QdrantCircuitState.Closed, TimeSpan.FromSeconds(60))],
            states.ToArray());
    }

    [Fact]
    public async Task Circuit_ProbeFails_OpensAgainForAnotherBreak()
    {
        await using var cluster = await Cluster.StartAsync(1);
        var time = new FakeTimeProvider();
        await using var pool = new QdrantPooledClient(Options(cluster), timeProvider: time);
        var states = new ConcurrentQueue<QdrantCircuitState>();
        pool.CircuitStateChanged += (_, e) => states.Enqueue(e.Current);
        cluster[0].Faults.FailNext(5, StatusCode.Unavailable, Cluster.QueryMethod);
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct));
        }

        time.Advance(TimeSpan.FromSeconds(60));
        await Assert.ThrowsAsync<RpcException>(() => pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct));

        Assert.Equal([QdrantCircuitState.Open, QdrantCircuitState.HalfOpen, QdrantCircuitState.Open], states.ToArray());
        await Assert.ThrowsAsync<QdrantNodesUnavailableException>(() => pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct));
    }

    [Fact]
    public async Task Circuit_ClientErrors_DoNotOpenIt()
    {
        await using var cluster = await Cluster.StartAsync(1);
        await using var pool = new QdrantPooledClient(Options(cluster), timeProvider: new FakeTimeProvider());
        cluster[0].Faults.FailNext(10, StatusCode.InvalidArgument, Cluster.QueryMethod);

        for (var i = 0; i < 10; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct));
        }

        Assert.Equal(QdrantCircuitState.Closed, pool.GetStatistics().Nodes[0].Circuit);
        Assert.Equal(3, (await pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct)).Count);
    }
}
