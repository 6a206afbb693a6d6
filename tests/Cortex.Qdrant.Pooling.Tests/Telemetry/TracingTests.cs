using System.Diagnostics;
using Cortex.Abstractions.Telemetry;
using Cortex.Qdrant.Pooling.Tests.Infrastructure;
using Cortex.Tests;
using Grpc.Core;

namespace Cortex.Qdrant.Pooling.Tests.Telemetry;

public sealed class TracingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_RetriedThenAnswered_OneClientSpanWithNodeAttemptsAndARetryEventPerFailure()
    {
        await using var cluster = await Cluster.StartAsync(1);
        await using var pool = new QdrantPooledClient(cluster.Options(o => o.MaxRetries = 3));
        cluster[0].Faults.FailNext(2, StatusCode.Unavailable, Cluster.QueryMethod);
        using var recorder = new ActivityRecorder(CortexTelemetry.QdrantPooling);

        await pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct);

        var span = Assert.Single(recorder.Stopped);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("qdrant", span.DisplayName);
        Assert.Equal(ActivityStatusCode.Ok, span.Status);
        Assert.Equal("qdrant", span.GetTagItem("db.system.name"));
        Assert.Equal("read", span.GetTagItem("cortex.qdrant.operation.kind"));
        Assert.Equal("node-1", span.GetTagItem(CortexTags.NodeId));
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.Equal(cluster[0].Port, span.GetTagItem("server.port"));
        Assert.Equal(3, span.GetTagItem("cortex.qdrant.attempts"));
        Assert.Equal((int)StatusCode.OK, span.GetTagItem(CortexTags.GrpcStatusCode));
        var retries = span.Events.Where(e => e.Name == "retry").ToList();
        Assert.Equal(2, retries.Count);
        Assert.Equal([1, 2], retries.Select(e => e.Tags.Single(t => t.Key == "cortex.qdrant.attempt").Value));
        Assert.All(retries, e =>
        {
            Assert.Equal("node-1", e.Tags.Single(t => t.Key == CortexTags.NodeId).Value);
            Assert.Equal((int)StatusCode.Unavailable, e.Tags.Single(t => t.Key == CortexTags.GrpcStatusCode).Value);
        });
    }

    [Fact]
    public async Task ReadAsync_FailoverToAnotherNode_SpanNamesTheNodeThatAnsweredAndTheEventTheOneThatFailed()
    {
        await using var cluster = await Cluster.StartAsync(2);
        await using var pool = new QdrantPooledClient(cluster.Options(o => { o.MaxRetries = 3; o.EnableCircuitBreaker = false; }));
        cluster[0].Faults.FailNext(100, StatusCode.Unavailable, Cluster.QueryMethod);
        using var recorder = new ActivityRecorder(CortexTelemetry.QdrantPooling);

        // Balanced over both nodes, some of these go to the failing node first.
        for (var i = 0; i < 4; i++)
        {
            await pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct);
        }

        var spans = recorder.Stopped;
        Assert.Equal(4, spans.Count);
        Assert.All(spans, s => Assert.Equal("node-2", s.GetTagItem(CortexTags.NodeId)));
        var failedOver = spans.Where(s => s.Events.Any()).ToList();
        Assert.NotEmpty(failedOver);
        Assert.All(failedOver, s =>
        {
            Assert.Equal(2, s.GetTagItem("cortex.qdrant.attempts"));
            Assert.Equal("node-1", Assert.Single(s.Events).Tags.Single(t => t.Key == CortexTags.NodeId).Value);
        });
    }

    [Fact]
    public async Task ReadAsync_ClientError_SpanIsAnErrorWithTheStatusAndABoundedErrorType()
    {
        await using var cluster = await Cluster.StartAsync(1);
        await using var pool = new QdrantPooledClient(cluster.Options(o => o.MaxRetries = 3));
        cluster[0].Faults.FailNext(1, StatusCode.NotFound, Cluster.QueryMethod);
        using var recorder = new ActivityRecorder(CortexTelemetry.QdrantPooling);

        await Assert.ThrowsAsync<RpcException>(() => pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct));

        var span = Assert.Single(recorder.Stopped);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("NotFound", span.GetTagItem(CortexTags.ErrorType));
        Assert.Equal((int)StatusCode.NotFound, span.GetTagItem(CortexTags.GrpcStatusCode));
        Assert.Equal(1, span.GetTagItem("cortex.qdrant.attempts"));
        Assert.Empty(span.Events);
    }

    [Fact]
    public async Task ExecuteAsync_QueueFull_SpanSaysSoWithoutAnAttempt()
    {
        await using var cluster = await Cluster.StartAsync(1);
        await using var pool = new QdrantPooledClient(cluster.Options(o => { o.MaxConnections = 1; o.MaxConcurrentStreamsPerConnection = 1; o.EnableRequestQueue = false; }));
        cluster[0].Faults.Latency = TimeSpan.FromSeconds(2);
        var busy = pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct);
        await Eventually.TrueAsync(() => pool.GetStatistics().InFlight == 1, "the first read in flight");
        using var recorder = new ActivityRecorder(CortexTelemetry.QdrantPooling);

        await Assert.ThrowsAsync<QdrantQueueFullException>(() => pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct));
        await busy;

        var span = Assert.Single(recorder.Stopped);
        Assert.Equal("queue_full", span.GetTagItem(CortexTags.ErrorType));
        Assert.Null(span.GetTagItem("cortex.qdrant.attempts"));
    }
}
