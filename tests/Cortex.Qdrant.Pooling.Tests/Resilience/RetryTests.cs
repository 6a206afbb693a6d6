using Cortex.Qdrant.Pooling.Internal;
using Cortex.Qdrant.Pooling.Tests.Infrastructure;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Qdrant.Client.Grpc;

namespace Cortex.Qdrant.Pooling.Tests.Resilience;

public sealed class RetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StatusCode.Unavailable, QdrantOperationKind.Read, 4)]
    [InlineData(StatusCode.Unavailable, QdrantOperationKind.IdempotentWrite, 4)]
    [InlineData(StatusCode.DeadlineExceeded, QdrantOperationKind.Read, 4)]
    [InlineData(StatusCode.ResourceExhausted, QdrantOperationKind.Read, 4)]
    [InlineData(StatusCode.DeadlineExceeded, QdrantOperationKind.NonIdempotentWrite, 1)]
    [InlineData(StatusCode.Unavailable, QdrantOperationKind.NonIdempotentWrite, 1)]
    [InlineData(StatusCode.InvalidArgument, QdrantOperationKind.Read, 1)]
    [InlineData(StatusCode.NotFound, QdrantOperationKind.Read, 1)]
    [InlineData(StatusCode.AlreadyExists, QdrantOperationKind.IdempotentWrite, 1)]
    [InlineData(StatusCode.PermissionDenied, QdrantOperationKind.Read, 1)]
    [InlineData(StatusCode.Unauthenticated, QdrantOperationKind.Read, 1)]
    [InlineData(StatusCode.FailedPrecondition, QdrantOperationKind.Read, 1)]
    public async Task ExecuteAsync_PersistentFailure_AttemptsAsTheStatusAndKindAllow(StatusCode status, QdrantOperationKind kind, int expectedCalls)
    {
        await using var cluster = await Cluster.StartAsync(1);
        await using var pool = new QdrantPooledClient(cluster.Options(o => { o.MaxRetries = 3; o.EnableCircuitBreaker = false; }));
        cluster[0].Faults.FailNext(100, status, Cluster.QueryMethod);

        var ex = await Assert.ThrowsAsync<RpcException>(
            () => pool.ExecuteAsync(Cluster.QueryAsync, new QdrantRequestOptions { Kind = kind }, Ct));

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(expectedCalls, cluster.Queries(0));
        Assert.Equal(expectedCalls - 1, pool.GetStatistics().Retries);
    }

    [Fact]
    public async Task ExecuteAsync_TransientFailure_RetriesAndSucceeds()
    {
        await using var cluster = await Cluster.StartAsync(1);
        await using var pool = new QdrantPooledClient(cluster.Options(o => o.MaxRetries = 3));
        cluster[0].Faults.FailNext(2, StatusCode.Unavailable, Cluster.QueryMethod);

        var hits = await pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct);

        Assert.Equal(3, hits.Count);
        Assert.Equal(3, cluster.Queries(0));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // a call that declares no kind is a non-idempotent write
    public async Task ExecuteAsync_NonIdempotentWriteToStoppedNode_RetriedOnAnotherNodeExactlyOnce(bool declared)
    {
        await using var cluster = await Cluster.StartAsync(2);
        await using var pool = new QdrantPooledClient(cluster.Options(o => o.MaxRetries = 3));
        await cluster[0].StopAsync(Ct);

        for (var i = 0; i < 10; i++)
        {
            var id = (ulong)(1000 + i);
            await pool.ExecuteAsync(
                (c, ct) => c.UpsertAsync(Cluster.Collection, [new PointStruct { Id = id, Vectors = new float[Cluster.Dimension] }], cancellationToken: ct),
                declared ? QdrantRequestOptions.NonIdempotentWrite : null,
                Ct);
        }

        Assert.Equal(10, cluster[1].GetCallCount(Cluster.UpsertMethod));
        Assert.True(pool.GetStatistics().Retries >= 1, "writes routed to the stopped node were refused before sending, then retried");
    }

    [Fact]
    public async Task ExecuteAsync_Backoff_WaitsBetweenRetryDelayAndMaxRetryDelayGrowingByTheMultiplier()
    {
        await using var cluster = await Cluster.StartAsync(1);
        var time = new FakeTimeProvider();
        await using var pool = new QdrantPooledClient(
            cluster.Options(o =>
            {
                o.MaxRetries = 3;
                o.RetryDelay = TimeSpan.FromSeconds(1);
                o.MaxRetryDelay = TimeSpan.FromSeconds(10);
                o.BackoffMultiplier = 2;
                o.EnableCircuitBreaker = false;
            }),
            timeProvider: time);
        cluster[0].Faults.FailNext(2, StatusCode.Unavailable, Cluster.QueryMethod);

        var call = pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct);
        await Eventually.TrueAsync(() => cluster.Queries(0) == 1, "first attempt");
        await Task.Delay(50, Ct);
        time.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Delay(50, Ct);
        Assert.Equal(1, cluster.Queries(0));
        time.Advance(TimeSpan.FromMilliseconds(201));
        await Eventually.TrueAsync(() => cluster.Queries(0) == 2, "second attempt within 1.2 s");
        await Task.Delay(50, Ct);
        time.Advance(TimeSpan.FromMilliseconds(1599));
        await Task.Delay(50, Ct);
        Assert.Equal(2, cluster.Queries(0));
        time.Advance(TimeSpan.FromMilliseconds(801));

        Assert.Equal(3, (await call).Count);
        Assert.Equal(3, cluster.Queries(0));
    }

    [Fact]
    public async Task ExecuteAsync_FailureWithAnUntriedNodeLeft_RetriesThereWithoutBackoff()
    {
        await using var cluster = await Cluster.StartAsync(2);
        var time = new FakeTimeProvider();
        await using var pool = new QdrantPooledClient(
            cluster.Options(o => { o.MaxRetries = 3; o.RetryDelay = TimeSpan.FromSeconds(10); o.MaxRetryDelay = TimeSpan.FromSeconds(10); }),
            timeProvider: time);
        cluster[0].Faults.FailNext(1, StatusCode.Unavailable, Cluster.QueryMethod);

        // Fake time never moves: a backoff would hang this call.
        var hits = await pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(3, hits.Count);
        Assert.Equal([1L, 1L], [cluster.Queries(0), cluster.Queries(1)]);
        Assert.Equal(1, pool.GetStatistics().Retries);
    }

    [Theory]
    [InlineData(0, 0.0, 1000)]
    [InlineData(0, 1.0, 1200)]
    [InlineData(1, 0.0, 1600)]
    [InlineData(1, 1.0, 2400)]
    [InlineData(3, 0.5, 8000)]
    [InlineData(5, 0.0, 10000)]
    public void RetryBackoff_Delay_IsJitteredExponentialClampedToTheBounds(int attempt, double random, int expectedMs)
    {
        var options = new QdrantPoolOptions { RetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromSeconds(10), BackoffMultiplier = 2 };

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryBackoff.Delay(options, attempt, random));
    }

    [Fact]
    public async Task ExecuteAsync_CancelledWhileWaitingToRetry_StopsAtOnce()
    {
        await using var cluster = await Cluster.StartAsync(1);
        var time = new FakeTimeProvider();
        await using var pool = new QdrantPooledClient(
            cluster.Options(o => { o.MaxRetries = 3; o.RetryDelay = TimeSpan.FromSeconds(5); o.MaxRetryDelay = TimeSpan.FromSeconds(5); }),
            timeProvider: time);
        cluster[0].Faults.FailNext(100, StatusCode.Unavailable, Cluster.QueryMethod);
        using var cts = new CancellationTokenSource();

        var call = pool.ReadAsync(Cluster.QueryAsync, cancellationToken: cts.Token);
        await Eventually.TrueAsync(() => cluster.Queries(0) == 1, "first attempt");
        await Task.Delay(100, Ct); // the failure is back; the pool now waits 5 s (fake) to retry
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        time.Advance(TimeSpan.FromSeconds(60));
        await Task.Delay(100, Ct);
        Assert.Equal(1, cluster.Queries(0));
    }
}
