using System.Diagnostics;
using System.Net.Sockets;
using Cortex.Testing.Qdrant;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Qdrant.Client.Grpc;
using static Cortex.Testing.Tests.Qdrant.QdrantTestKit;

namespace Cortex.Testing.Tests.Qdrant;

public sealed class QdrantTestServerFaultTests
{
    private const string Health = "qdrant.Qdrant/HealthCheck";

    [Fact(Timeout = 30_000)]
    public async Task Latency_FakeTimeProvider_CallCompletesOnlyAfterTimeAdvances()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider();
        await using var server = await QdrantTestServer.StartAsync(new QdrantTestServerOptions { TimeProvider = time }, ct);
        using var client = Connect(server);
        server.Faults.Latency = TimeSpan.FromSeconds(30);

        var call = client.HealthAsync(ct);
        await WaitUntilAsync(() => server.GetCallCount(Health) == 1, ct);
        time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(50, ct);
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.NotEmpty((await call).Version);
    }

    [Fact(Timeout = 30_000)]
    public async Task Latency_SystemClockWithJitter_CallTakesAtLeastTheFixedPart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QdrantTestServer.StartAsync(cancellationToken: ct);
        using var client = Connect(server);
        await client.HealthAsync(ct);
        server.Faults.Latency = TimeSpan.FromMilliseconds(150);
        server.Faults.LatencyJitter = TimeSpan.FromMilliseconds(50);

        var stopwatch = Stopwatch.StartNew();
        await client.HealthAsync(ct);

        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(145), TimeSpan.FromSeconds(5));
    }

    [Fact(Timeout = 30_000)]
    public async Task Latency_ClientDeadlinePasses_DeadlineExceededAndServerStillServes()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider();
        await using var server = await QdrantTestServer.StartAsync(new QdrantTestServerOptions { TimeProvider = time }, ct);
        using var impatient = Connect(server, grpcTimeout: TimeSpan.FromMilliseconds(300));
        server.Faults.Latency = TimeSpan.FromHours(1);

        var error = await Assert.ThrowsAsync<RpcException>(() => impatient.ListCollectionsAsync(ct));
        server.Faults.Reset();

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Empty(await impatient.ListCollectionsAsync(ct));
    }

    [Fact]
    public async Task FailNext_ThreeCalls_FailWithCodeThenSucceed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QdrantTestServer.StartAsync(cancellationToken: ct);
        using var client = Connect(server);
        server.Faults.FailNext(3, StatusCode.Unavailable);

        for (var i = 0; i < 3; i++)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => client.ListCollectionsAsync(ct));
            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        }

        Assert.Empty(await client.ListCollectionsAsync(ct));
    }

    [Fact]
    public async Task FailNext_ForOneMethod_OtherMethodsUnaffected()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var seeded = await SeededServer.StartAsync(Distance.Cosine, 10, 4, seed: 30, ct);
        var (server, client, _) = seeded;
        server.Faults.FailNext(1, StatusCode.ResourceExhausted, "/qdrant.Points/Query");

        var count = await client.CountAsync("docs", cancellationToken: ct);
        var error = await Assert.ThrowsAsync<RpcException>(() => client.QueryAsync("docs", new[] { 1f, 0f, 0f, 0f }, cancellationToken: ct));
        var retried = await client.QueryAsync("docs", new[] { 1f, 0f, 0f, 0f }, cancellationToken: ct);

        Assert.Equal(10ul, count);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(10, retried.Count);
    }

    [Fact]
    public async Task FailFraction_SeededThirtyPercent_FailsRoughlyThatShare()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QdrantTestServer.StartAsync(new QdrantTestServerOptions { RandomSeed = 1234 }, ct);
        using var client = Connect(server);
        server.Faults.FailFraction(0.3, StatusCode.Internal);

        var failures = 0;
        for (var i = 0; i < 200; i++)
        {
            try
            {
                await client.HealthAsync(ct);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Internal)
            {
                failures++;
            }
        }

        Assert.InRange(failures, 35, 85);
        server.Faults.FailFraction(0, StatusCode.Internal);
        await client.HealthAsync(ct);
    }

    [Fact]
    public async Task StopAsync_ThenRestartAsync_UnavailableThenSameClientWorksOnSamePort()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var seeded = await SeededServer.StartAsync(Distance.Cosine, 25, 4, seed: 31, ct);
        var (server, client, _) = seeded;
        var port = server.Port;

        await server.StopAsync(ct);
        var down = await Assert.ThrowsAsync<RpcException>(() => client.CountAsync("docs", cancellationToken: ct));
        var refused = await Assert.ThrowsAsync<SocketException>(() => ConnectTcpAsync(port, ct));
        var running = server.IsRunning;
        await server.RestartAsync(ct);

        Assert.Equal(StatusCode.Unavailable, down.StatusCode);
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.False(running);
        Assert.True(server.IsRunning);
        Assert.Equal(port, server.Port);
        Assert.Equal(25ul, await WhenReconnectedAsync(() => client.CountAsync("docs", cancellationToken: ct), ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task StopAsync_CallsInFlight_CutsThemOffAsACrashWould()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QdrantTestServer.StartAsync(cancellationToken: ct);
        using var client = Connect(server);
        await client.HealthAsync(ct);
        server.Faults.Latency = TimeSpan.FromMinutes(5);

        var calls = Enumerable.Range(0, 3).Select(_ => client.HealthAsync(ct)).ToList();
        await WaitUntilAsync(() => server.InFlightCallCount == 3, ct);
        await server.StopAsync(ct);

        foreach (var call in calls)
        {
            Assert.Equal(StatusCode.Unavailable, (await Assert.ThrowsAsync<RpcException>(() => call)).StatusCode);
        }

        Assert.Equal(0, server.InFlightCallCount);
    }

    [Fact]
    public async Task RestartAsync_Repeatedly_RebindsTheSamePortEachTime()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QdrantTestServer.StartAsync(cancellationToken: ct);
        using var client = Connect(server);
        var port = server.Port;

        for (var i = 0; i < 3; i++)
        {
            await WhenReconnectedAsync(() => client.HealthAsync(ct), ct);
            await server.RestartAsync(ct);
            Assert.Equal(port, server.Port);
        }

        await WhenReconnectedAsync(() => client.HealthAsync(ct), ct);

        // Calls cut with the old connection never reached a server, so only the four that succeeded count.
        Assert.Equal(4, server.GetCallCount(Health));
    }

    [Fact]
    public async Task GetCallCount_PerMethodTotalAndReset_CountsEveryCall()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var seeded = await SeededServer.StartAsync(Distance.Dot, 5, 4, seed: 32, ct);
        var (server, client, _) = seeded;
        server.Faults.FailNext(1, StatusCode.Unavailable, "qdrant.Points/Query");

        await Assert.ThrowsAsync<RpcException>(() => client.QueryAsync("docs", new[] { 1f, 0f, 0f, 0f }, cancellationToken: ct));
        await client.QueryAsync("docs", new[] { 1f, 0f, 0f, 0f }, cancellationToken: ct);
        await client.QueryAsync("docs", new[] { 0f, 1f, 0f, 0f }, cancellationToken: ct);

        Assert.Equal(3, server.GetCallCount("qdrant.Points/Query"));
        Assert.Equal(3, server.GetCallCount("/qdrant.Points/Query"));
        Assert.Equal(1, server.GetCallCount("qdrant.Collections/Create"));
        Assert.Equal(1, server.GetCallCount("qdrant.Points/Upsert"));
        Assert.Equal(0, server.GetCallCount("qdrant.Points/Scroll"));
        Assert.Equal(5, server.TotalCallCount);
        server.ResetCallCounts();
        Assert.Equal(0, server.GetCallCount("qdrant.Points/Query"));
        Assert.Equal(0, server.TotalCallCount);
    }

    [Fact]
    public async Task SharedStore_WriteThroughOneServer_ReadThroughAnother()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new QdrantTestStore();
        await using var nodeA = await QdrantTestServer.StartAsync(new QdrantTestServerOptions { Store = store }, ct);
        await using var nodeB = await QdrantTestServer.StartAsync(new QdrantTestServerOptions { Store = store }, ct);
        var (writer, points) = await SeedAsync(nodeA, "docs", Distance.Cosine, 50, 4, seed: 33, ct);
        using var _ = writer;
        using var reader = Connect(nodeB);
        var query = new[] { 0.5f, -0.5f, 0.25f, 1f };

        var fromB = await reader.QueryAsync("docs", query, limit: 5, cancellationToken: ct);

        Assert.NotEqual(nodeA.Port, nodeB.Port);
        AssertSameRanking(BruteForce(Distance.Cosine, query, points), 0, 5, fromB);
        Assert.Equal(["docs"], store.CollectionNames);
        Assert.Equal(0, nodeB.GetCallCount("qdrant.Points/Upsert"));
    }

    [Fact]
    public async Task ConcurrentUpsertsAndQueries_ManyClients_AllSucceedAndNoPointIsLost()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await QdrantTestServer.StartAsync(cancellationToken: ct);
        using var setup = Connect(server);
        await setup.CreateCollectionAsync("docs", new VectorParams { Size = 8, Distance = Distance.Cosine }, cancellationToken: ct);

        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            using var client = Connect(server);
            var random = new Random(worker);
            for (var i = 0; i < 25; i++)
            {
                var points = Enumerable.Range(0, 4).Select(j => new PointStruct
                {
                    Id = (ulong)((worker * 1000) + (i * 4) + j),
                    Vectors = RandomVector(random, 8),
                }).ToList();
                await client.UpsertAsync("docs", points, cancellationToken: ct);
                var result = await client.QueryAsync("docs", RandomVector(random, 8), limit: 5, cancellationToken: ct);
                Assert.InRange(result.Count, 1, 5);
            }
        }, ct));
        await Task.WhenAll(workers);

        Assert.Equal(800ul, await setup.CountAsync("docs", cancellationToken: ct));
    }

    /// <summary>
    /// Retries while the client reports Unavailable, as a pool would after a node crash: a call may still go out on the
    /// connection the stop cut, and after a refused connection Grpc.Net.Client waits out a reconnect backoff (about a
    /// second) before it dials again, against this server as against a real node.
    /// </summary>
    private static async Task<T> WhenReconnectedAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && stopwatch.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(100, ct);
            }
        }
    }

    private static async Task ConnectTcpAsync(int port, CancellationToken ct)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", port, ct);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            // Polls for a call to reach the server over a real socket; the fake clock cannot speed that up.
            await Task.Delay(10, timeout.Token);
        }
    }
}
