using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Cortex.Qdrant.Pooling;

namespace Cortex.Benchmarks.QdrantPooling;

/// <summary>
/// Failover: the time from a node stopping to the first request served by another node. Each iteration builds a warm
/// pool over two nodes, the first weighted so that the next request goes to it, stops that node, then times one
/// request: its attempt on the stopped node is refused and it is retried on the other. <c>RetryDelayMs</c> 0 shows the
/// pool's own cost; 1000 is the default <see cref="QdrantPoolOptions.RetryDelay"/>.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 15)]
public class FailoverBenchmarks
{
    private QdrantBenchmarkCluster _cluster = null!;
    private QdrantPooledClient _pool = null!;

    /// <summary>Gets or sets the delay before a retry, in milliseconds.</summary>
    [Params(0, 1000)]
    public int RetryDelayMs { get; set; }

    [GlobalSetup]
    public async Task SetupAsync() => _cluster = await QdrantBenchmarkCluster.StartAsync(2);

    [GlobalCleanup]
    public async Task CleanupAsync() => await _cluster.DisposeAsync();

    [IterationSetup]
    public void StopFirstNode()
    {
        _cluster.Servers[0].RestartAsync().GetAwaiter().GetResult();
        _pool = new QdrantPooledClient(_cluster.PoolOptions(o =>
        {
            o.Nodes[0].Weight = 1_000;
            o.RetryDelay = TimeSpan.FromMilliseconds(RetryDelayMs);
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(Math.Max(RetryDelayMs, 1) * 10);
            o.MinConnections = 1;
        }));
        _pool.InitializeAsync().GetAwaiter().GetResult();
        _cluster.Servers[0].StopAsync().GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void DisposePool() => _pool.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "stopped node -> first request served elsewhere")]
    public Task FailoverAsync() => _pool.ExecuteAsync(QdrantBenchmarkCluster.QueryAsync, QdrantRequestOptions.Read, CancellationToken.None);
}
