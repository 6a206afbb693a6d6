using BenchmarkDotNet.Attributes;
using Cortex.Qdrant.Pooling;
using Cortex.Qdrant.Pooling.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cortex.Benchmarks.QdrantPooling;

/// <summary>
/// The default node choice (smooth weighted round-robin over three nodes) alone, from 256 callers on the thread pool at
/// once, each choosing 1,000 times: whether the choice itself limits throughput when every caller wants a node.
/// One operation is 256,000 choices.
/// </summary>
[MemoryDiagnoser]
public class NodeSelectorBenchmarks
{
    private const int Callers = 256;
    private const int ChoicesPerCaller = 1_000;

    private readonly Task[] _tasks = new Task[Callers];
    private NodeSelector _selector = null!;
    private PoolNode[] _nodes = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new QdrantPoolOptions { EnableCircuitBreaker = true };
        var limits = new PoolLimits(options.MaxConnections);
        _nodes = [.. Enumerable.Range(1, 3).Select(i => new PoolNode(
            new QdrantNode { Id = $"node-{i}", Url = $"http://127.0.0.1:{6330 + i}", Weight = i },
            options,
            limits,
            NullLoggerFactory.Instance,
            TimeProvider.System,
            (_, _, _) => { }))];
        _selector = new NodeSelector(LoadBalancingStrategy.WeightedRoundRobin);
    }

    [Benchmark(Description = "weighted round-robin, 256 callers")]
    public Task SelectAsync()
    {
        for (var i = 0; i < Callers; i++)
        {
            _tasks[i] = Task.Run(() =>
            {
                for (var n = 0; n < ChoicesPerCaller; n++)
                {
                    _selector.Select(_nodes, default);
                }
            });
        }

        return Task.WhenAll(_tasks);
    }
}
