using Cortex.Qdrant.Pooling.Tests.Infrastructure;
using Grpc.Core;
using Qdrant.Client.Grpc;

namespace Cortex.Qdrant.Pooling.Tests.Resilience;

public sealed class OperationKindTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StatusCode.DeadlineExceeded)]
    [InlineData(StatusCode.ResourceExhausted)]
    [InlineData(StatusCode.Internal)]
    public async Task ExecuteAsync_UndeclaredKindFailsAfterReachingTheNode_IsNotRetried(StatusCode status)
    {
        await using var cluster = await Cluster.StartAsync(2);
        await using var pool = new QdrantPooledClient(cluster.Options(o => { o.MaxRetries = 3; o.EnableCircuitBreaker = false; }));
        cluster[0].Faults.FailNext(100, status, Cluster.UpsertMethod);
        cluster[1].Faults.FailNext(100, status, Cluster.UpsertMethod);

        var ex = await Assert.ThrowsAsync<RpcException>(() => pool.ExecuteAsync(
            (c, ct) => c.UpsertAsync(Cluster.Collection, [new PointStruct { Id = 500, Vectors = new float[Cluster.Dimension] }], cancellationToken: ct),
            cancellationToken: Ct));

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(1, cluster[0].GetCallCount(Cluster.UpsertMethod) + cluster[1].GetCallCount(Cluster.UpsertMethod));
        Assert.Equal(0, pool.GetStatistics().Retries);
    }

    [Fact]
    public async Task ExecuteAsync_OptionsWithoutKind_AreANonIdempotentWrite()
    {
        await using var cluster = await Cluster.StartAsync(1);
        await using var pool = new QdrantPooledClient(cluster.Options(o => { o.MaxRetries = 3; o.EnableCircuitBreaker = false; }));
        cluster[0].Faults.FailNext(100, StatusCode.DeadlineExceeded, Cluster.UpsertMethod);

        await Assert.ThrowsAsync<RpcException>(() => pool.ExecuteAsync(
            (c, ct) => c.UpsertAsync(Cluster.Collection, [new PointStruct { Id = 501, Vectors = new float[Cluster.Dimension] }], cancellationToken: ct),
            new QdrantRequestOptions { Priority = QdrantRequestPriority.High },
            Ct));

        Assert.Equal(QdrantOperationKind.NonIdempotentWrite, new QdrantRequestOptions().Kind);
        Assert.Equal(QdrantOperationKind.Read, QdrantRequestOptions.Read.Kind);
        Assert.Equal(1, cluster[0].GetCallCount(Cluster.UpsertMethod));
    }

    [Fact]
    public async Task ReadAsync_FailureAfterReachingTheNode_IsRetriedAsARead()
    {
        await using var cluster = await Cluster.StartAsync(1);
        await using var pool = new QdrantPooledClient(cluster.Options(o => { o.MaxRetries = 3; o.EnableCircuitBreaker = false; }));
        cluster[0].Faults.FailNext(2, StatusCode.DeadlineExceeded, Cluster.QueryMethod);

        // Options that declare another kind do not turn a read into a write.
        var hits = await pool.ReadAsync(Cluster.QueryAsync, QdrantRequestOptions.NonIdempotentWrite, Ct);

        Assert.Equal(3, hits.Count);
        Assert.Equal(3, cluster.Queries(0));
        Assert.Equal(2, pool.GetStatistics().Retries);
    }
}
