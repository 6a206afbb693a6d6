using System.Collections.Concurrent;
using Cortex.Qdrant.Pooling.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cortex.Qdrant.Pooling.Tests.Balancing;

public sealed class NodeSelectorTests
{
    [Fact]
    public async Task Select_WeightedRoundRobinFrom256CallersAtOnce_ChoosesExactlyInProportionToWeight()
    {
        var options = new QdrantPoolOptions();
        var limits = new PoolLimits(options.MaxConnections);
        PoolNode[] nodes = [.. Enumerable.Range(1, 3).Select(i => new PoolNode(
            new QdrantNode { Id = $"node-{i}", Url = $"http://127.0.0.1:{6330 + i}", Weight = i },
            options,
            limits,
            NullLoggerFactory.Instance,
            TimeProvider.System,
            (_, _, _) => { }))];

        for (var round = 0; round < 20; round++)
        {
            var selector = new NodeSelector(LoadBalancingStrategy.WeightedRoundRobin);
            var counts = new ConcurrentDictionary<string, int>();
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var callers = Enumerable.Range(0, 256).Select(_ => Task.Run(async () =>
            {
                await go.Task;
                for (var i = 0; i < 60; i++)
                {
                    counts.AddOrUpdate(selector.Select(nodes, default)!.Id, 1, (_, n) => n + 1);
                }
            }, TestContext.Current.CancellationToken)).ToList();
            go.SetResult();
            await Task.WhenAll(callers);

            // 15,360 choices: 2,560 periods of the 1:2:3 schedule, each node exactly its share.
            Assert.Equal([2_560, 5_120, 7_680], nodes.Select(n => counts[n.Id]));
        }
    }
}
