using System.Collections.Concurrent;
using Cortex.Qdrant.Pooling.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Polly.Timeout;

namespace Cortex.Qdrant.Pooling.Tests.Connections;

public sealed class QueueTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static QdrantPoolOptions OneSlot(Cluster cluster, Action<QdrantPoolOptions>? more = null) => cluster.Options(o =>
    {
        o.MinConnections = 1;
        o.MaxConnections = 1;
        o.MaxConcurrentStreamsPerConnection = 1;
        more?.Invoke(o);
    });

    [Fact]
    public async Task ExecuteAsync_Saturated_ServesQueuedRequestsByPriorityThenArrival()
    {
        await using var cluster = await Cluster.StartAsync(1);
        await using var pool = new QdrantPooledClient(OneSlot(cluster));
        await pool.InitializeAsync(Ct);
        cluster[0].Faults.Latency = TimeSpan.FromMilliseconds(150);
        var order = new ConcurrentQueue<string>();

        Task Run(string name, QdrantRequestPriority priority) =>
            pool.ReadAsync(Cluster.QueryAsync, new QdrantRequestOptions { Priority = priority }, Ct).ContinueWith(_ => order.Enqueue(name), TaskScheduler.Default);

        var tasks = new List<Task> { Run("blocker", QdrantRequestPriority.Normal) };
        await Eventually.TrueAsync(() => pool.GetStatistics().InFlight == 1 && cluster.Queries(0) == 1, "blocker in flight");
        (string Name, QdrantRequestPriority Priority)[] queued =
        [
            ("low", QdrantRequestPriority.Low),
            ("normal-1", QdrantRequestPriority.Normal),
            ("high", QdrantRequestPriority.High),
            ("normal-2", QdrantRequestPriority.Normal),
            ("critical", QdrantRequestPriority.Critical),
        ];
        foreach (var (name, priority) in queued)
        {
            var expected = pool.GetStatistics().QueueLength + 1;
            tasks.Add(Run(name, priority));
            await Eventually.TrueAsync(() => pool.GetStatistics().QueueLength == expected, $"{name} queued");
        }

        await Task.WhenAll(tasks);

        Assert.Equal(["blocker", "critical", "high", "normal-1", "normal-2", "low"], order.ToArray());
        var stats = pool.GetStatistics();
        Assert.Equal(5, stats.Queued);
        Assert.True(stats.QueueWaitP95 >= TimeSpan.FromMilliseconds(100), $"queue wait p95 {stats.QueueWaitP95}");
    }

    [Fact]
    public async Task ExecuteAsync_QueueFull_FailsAtOnceWithClearError()
    {
        await using var cluster = await Cluster.StartAsync(1);
        await using var pool = new QdrantPooledClient(OneSlot(cluster, o => o.MaxQueueSize = 2));
        await pool.InitializeAsync(Ct);
        cluster[0].Faults.Latency = TimeSpan.FromMilliseconds(300);
        var running = Enumerable.Range(0, 3).Select(_ => pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct)).ToList();
        await Eventually.TrueAsync(() => pool.GetStatistics().QueueLength == 2, "two queued");

        var ex = await Assert.ThrowsAsync<QdrantQueueFullException>(() => pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct));

        Assert.Contains("queue is full (2 waiting)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MaxConnections", ex.Message, StringComparison.Ordinal);
        await Task.WhenAll(running);
        Assert.Equal(1, pool.GetStatistics().QueueRejections);
    }

    [Fact]
    public async Task ExecuteAsync_QueueDisabled_FailsAtOnceWhenSaturated()
    {
        await using var cluster = await Cluster.StartAsync(1);
        await using var pool = new QdrantPooledClient(OneSlot(cluster, o => o.EnableRequestQueue = false));
        cluster[0].Faults.Latency = TimeSpan.FromMilliseconds(300);
        var running = pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct);
        await Eventually.TrueAsync(() => pool.GetStatistics().InFlight == 1, "one in flight");

        var ex = await Assert.ThrowsAsync<QdrantQueueFullException>(() => pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct));

        Assert.Contains("EnableRequestQueue is false", ex.Message, StringComparison.Ordinal);
        await running;
    }

    [Fact]
    public async Task ExecuteAsync_QueuedPastItsTimeout_TimesOutAndLeavesTheQueue()
    {
        await using var cluster = await Cluster.StartAsync(1);
        var time = new FakeTimeProvider();
        await using var pool = new QdrantPooledClient(OneSlot(cluster), timeProvider: time);
        await pool.InitializeAsync(Ct);
        cluster[0].Faults.Latency = TimeSpan.FromMilliseconds(500);
        var blocker = pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct);
        await Eventually.TrueAsync(() => pool.GetStatistics().InFlight == 1, "blocker in flight");

        var queued = pool.ReadAsync(Cluster.QueryAsync, new QdrantRequestOptions { Timeout = TimeSpan.FromSeconds(2) }, Ct);
        await Eventually.TrueAsync(() => pool.GetStatistics().QueueLength == 1, "queued");
        time.Advance(TimeSpan.FromSeconds(2));

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => queued);
        Assert.Equal(0, pool.GetStatistics().QueueLength);
        await blocker;
        Assert.Equal(1, cluster.Queries(0));
    }

    [Fact]
    public async Task ExecuteAsync_QueuedAndCancelled_LeavesTheQueueAndTheNextOneIsServed()
    {
        await using var cluster = await Cluster.StartAsync(1);
        await using var pool = new QdrantPooledClient(OneSlot(cluster));
        await pool.InitializeAsync(Ct);
        cluster[0].Faults.Latency = TimeSpan.FromMilliseconds(200);
        var blocker = pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct);
        await Eventually.TrueAsync(() => pool.GetStatistics().InFlight == 1, "blocker in flight");
        using var cts = new CancellationTokenSource();
        var cancelled = pool.ReadAsync(Cluster.QueryAsync, new QdrantRequestOptions { Priority = QdrantRequestPriority.Critical }, cts.Token);
        var next = pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct);
        await Eventually.TrueAsync(() => pool.GetStatistics().QueueLength == 2, "two queued");

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(3, (await next).Count);
        await blocker;
        Assert.Equal(2, cluster.Queries(0));
    }
}
