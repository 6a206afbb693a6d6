using System.Collections.Concurrent;
using Cortex.Qdrant.Pooling.Tests.Infrastructure;

namespace Cortex.Qdrant.Pooling.Tests.Connections;

public sealed class ConnectionOwnershipTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_IdleConnectionsClosedContinuouslyUnderParallelRequests_NoRequestFails()
    {
        await using var cluster = await Cluster.StartAsync(1);
        await using var pool = new QdrantPooledClient(cluster.Options(o =>
        {
            // Every connection is closeable the moment it is idle, and each request takes a connection of its own.
            o.MinConnections = 0;
            o.MaxConnections = 8;
            o.MaxConcurrentStreamsPerConnection = 1;
            o.ConnectionIdleTimeout = TimeSpan.FromTicks(1);
            o.MaxRetries = 0;
            o.EnableCircuitBreaker = false;
        }));
        var failures = new ConcurrentQueue<Exception>();
        using var stop = new CancellationTokenSource();
        var closer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await pool.CheckHealthAsync(Ct);
                foreach (var node in pool.NodesSnapshot)
                {
                    node.CloseIdle();
                }
            }
        }, Ct);

        for (var round = 0; round < 100; round++)
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var callers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
            {
                await go.Task;
                for (var i = 0; i < 4; i++)
                {
                    try
                    {
                        await pool.ExecuteAsync(Cluster.QueryAsync, QdrantRequestOptions.Read, Ct);
                    }
                    catch (Exception ex)
                    {
                        failures.Enqueue(ex);
                    }
                }
            }, Ct)).ToList();
            go.SetResult();
            await Task.WhenAll(callers);
        }

        await stop.CancelAsync();
        await closer;
        Assert.True(failures.IsEmpty, $"{failures.Count} of 6400 requests failed, first: {failures.FirstOrDefault()}");
        Assert.Equal(0, pool.GetStatistics().Failures);
    }
}
