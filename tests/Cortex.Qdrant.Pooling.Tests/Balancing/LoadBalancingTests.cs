using System.Collections.Concurrent;
using Cortex.Qdrant.Pooling.Tests.Infrastructure;

namespace Cortex.Qdrant.Pooling.Tests.Balancing;

public sealed class LoadBalancingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_WeightedRoundRobin_SplitsRequestsByWeightExactly()
    {
        await using var cluster = await Cluster.StartAsync(3);
        var options = cluster.Options();
        options.Nodes[0].Weight = 1;
        options.Nodes[1].Weight = 2;
        options.Nodes[2].Weight = 3;
        await using var pool = new QdrantPooledClient(options);

        for (var i = 0; i < 600; i++)
        {
            await pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct);
        }

        Assert.Equal([100L, 200L, 300L], [cluster.Queries(0), cluster.Queries(1), cluster.Queries(2)]);
    }

    [Theory]
    [InlineData(LoadBalancingStrategy.LeastOutstanding)]
    [InlineData(LoadBalancingStrategy.PowerOfTwoChoices)]
    public async Task ExecuteAsync_LoadAwareStrategies_AvoidTheSlowNode(LoadBalancingStrategy strategy)
    {
        await using var cluster = await Cluster.StartAsync(2);
        await using var pool = new QdrantPooledClient(cluster.Options(o => o.LoadBalancing = strategy));
        cluster[0].Faults.Latency = TimeSpan.FromMilliseconds(100);

        // 8 concurrent callers for 40 rounds: the slow node keeps requests in flight, so new ones go to the fast one.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = 0; i < 40; i++)
            {
                await pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct);
            }
        }));

        Assert.True(cluster.Queries(1) > 3 * cluster.Queries(0), $"fast {cluster.Queries(1)} vs slow {cluster.Queries(0)}");
    }

    [Fact]
    public async Task ExecuteAsync_PinnedNode_GoesOnlyThere()
    {
        await using var cluster = await Cluster.StartAsync(3);
        await using var pool = new QdrantPooledClient(cluster.Options());

        for (var i = 0; i < 20; i++)
        {
            await pool.ReadAsync(Cluster.QueryAsync, new QdrantRequestOptions { NodeId = "node-3" }, Ct);
        }

        Assert.Equal([0L, 0L, 20L], [cluster.Queries(0), cluster.Queries(1), cluster.Queries(2)]);
        var ex = await Assert.ThrowsAsync<QdrantPoolException>(() => pool.ReadAsync(Cluster.QueryAsync, new QdrantRequestOptions { NodeId = "node-9" }, Ct));
        Assert.Contains("'node-9', which is not in the pool (nodes: node-1, node-2, node-3)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddNodeAndRemoveNode_UnderLoad_NoRequestFailsAndTrafficMoves()
    {
        await using var cluster = await Cluster.StartAsync(3);
        var options = cluster.Options();
        var third = options.Nodes[2];
        options.Nodes.RemoveAt(2);
        await using var pool = new QdrantPooledClient(options);
        cluster[0].Faults.Latency = TimeSpan.FromMilliseconds(5);
        var failures = new ConcurrentQueue<Exception>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 16).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct);
                }
                catch (Exception ex)
                {
                    failures.Enqueue(ex);
                }
            }
        }).ToList();

        await Eventually.TrueAsync(() => cluster.Queries(0) > 50, "load on node-1");
        pool.AddNode(third);
        await Eventually.TrueAsync(() => cluster.Queries(2) > 50, "added node-3 gets traffic");
        Assert.True(await pool.RemoveNodeAsync("node-1", Ct));
        var afterRemoval = cluster.Queries(0);
        var othersBefore = cluster.Queries(1) + cluster.Queries(2);
        await Eventually.TrueAsync(() => cluster.Queries(1) + cluster.Queries(2) > othersBefore + 200, "traffic goes on without node-1");
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.Empty(failures);
        Assert.Equal(afterRemoval, cluster.Queries(0));
        Assert.Equal(["node-2", "node-3"], pool.NodeIds);
        Assert.False(await pool.RemoveNodeAsync("node-1", Ct));
    }

    [Fact]
    public async Task AddNode_DuplicateIdOrBadUrl_ThrowsNamingTheProblem()
    {
        var options = new QdrantPoolOptions();
        options.Nodes.Add(new QdrantNode { Id = "a", Url = "http://127.0.0.1:1" });
        await using var pool = new QdrantPooledClient(options);

        var duplicate = Assert.Throws<ArgumentException>(() => pool.AddNode(new QdrantNode { Id = "a", Url = "http://127.0.0.1:2" }));
        var badUrl = Assert.Throws<ArgumentException>(() => pool.AddNode(new QdrantNode { Id = "b", Url = "127.0.0.1:6334", Weight = 0 }));

        Assert.Contains("node.Id 'a' is used by another node", duplicate.Message, StringComparison.Ordinal);
        Assert.Contains("node.Url '127.0.0.1:6334' is not an absolute http:// or https:// URL", badUrl.Message, StringComparison.Ordinal);
        Assert.Contains("node.Weight (0) must be greater than 0", badUrl.Message, StringComparison.Ordinal);
    }
}
