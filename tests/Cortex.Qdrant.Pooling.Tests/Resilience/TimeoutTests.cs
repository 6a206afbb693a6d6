using Cortex.Qdrant.Pooling.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Polly.Timeout;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Cortex.Qdrant.Pooling.Tests.Resilience;

public sealed class TimeoutTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<QdrantOperationKind> Kinds => [QdrantOperationKind.Read, QdrantOperationKind.NonIdempotentWrite];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ExecuteAsync_NodeSlowerThanRequestTimeout_ThrowsTimeoutRejectedException(QdrantOperationKind kind)
    {
        await using var cluster = await Cluster.StartAsync(1);
        var time = new FakeTimeProvider();
        await using var pool = new QdrantPooledClient(cluster.Options(o => { o.MaxRetries = 3; o.RequestTimeout = TimeSpan.FromSeconds(2); }), timeProvider: time);
        cluster[0].Faults.Latency = TimeSpan.FromMinutes(5); // real time on the server: the call is answered only if the client waits
        var method = kind == QdrantOperationKind.Read ? Cluster.QueryMethod : Cluster.UpsertMethod;

        var call = pool.ExecuteAsync(Operation(kind), new QdrantRequestOptions { Kind = kind }, Ct);
        await Eventually.TrueAsync(() => cluster[0].GetCallCount(method) == 1, "the request reached the node");
        time.Advance(TimeSpan.FromSeconds(2));

        var ex = await Assert.ThrowsAsync<TimeoutRejectedException>(() => call.WaitAsync(TimeSpan.FromSeconds(30), Ct));
        Assert.Equal(TimeSpan.FromSeconds(2), ex.Timeout);
        Assert.Equal(1, cluster[0].GetCallCount(method));
        Assert.Equal(1, pool.GetStatistics().Failures);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ExecuteAsync_CallerCancelsRequestOnSlowNode_ThrowsOperationCanceledExceptionNotTimeout(QdrantOperationKind kind)
    {
        await using var cluster = await Cluster.StartAsync(1);
        var time = new FakeTimeProvider();
        await using var pool = new QdrantPooledClient(cluster.Options(o => o.RequestTimeout = TimeSpan.FromSeconds(2)), timeProvider: time);
        cluster[0].Faults.Latency = TimeSpan.FromMinutes(5);
        var method = kind == QdrantOperationKind.Read ? Cluster.QueryMethod : Cluster.UpsertMethod;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = pool.ExecuteAsync(Operation(kind), new QdrantRequestOptions { Kind = kind }, cts.Token);
        await Eventually.TrueAsync(() => cluster[0].GetCallCount(method) == 1, "the request reached the node");
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(30), Ct));
        Assert.IsNotType<TimeoutRejectedException>(ex);
        Assert.Equal(cts.Token, ex.CancellationToken);
    }

    private static Func<QdrantClient, CancellationToken, Task<object>> Operation(QdrantOperationKind kind) => kind == QdrantOperationKind.Read
        ? async (c, ct) => await Cluster.QueryAsync(c, ct)
        : async (c, ct) => await c.UpsertAsync(Cluster.Collection, [new PointStruct { Id = 700, Vectors = new float[Cluster.Dimension] }], cancellationToken: ct);
}
