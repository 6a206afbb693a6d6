using BenchmarkDotNet.Attributes;
using Cortex.Qdrant.Pooling;
using Cortex.Qdrant.Pooling.Statistics;
using Qdrant.Client;

namespace Cortex.Benchmarks.QdrantPooling;

/// <summary>
/// Three in-process test nodes, each answering after 5 ms of injected latency (a network hop and a busier node), with
/// 256 concurrent callers: the pool over the three nodes against what a user would otherwise write, one raw
/// <see cref="QdrantClient"/> per node taken in round-robin. One operation is 256 queries run at once.
/// </summary>
/// <remarks>
/// BenchmarkDotNet runs the two methods in separate processes one after the other, so on a machine whose load changes
/// the ratio is unreliable (a loaded short run once gave 0.34×, the next ones 0.58 and 0.66 the other way round);
/// <c>-- --probe qdrant-three-node</c> (<see cref="ThreeNodeProbe"/>) interleaves the same two methods in one process.
/// On two cores the run is CPU-bound: the 5 ms latency is overlapped, not what limits it.
/// </remarks>
[MemoryDiagnoser]
public class QdrantPoolingThreeNodeBenchmarks
{
    private const int Callers = 256;

    private QdrantBenchmarkCluster _cluster = null!;
    private QdrantClient[] _raw = null!;
    private QdrantPooledClient _pool = null!;
    private readonly Task[] _tasks = new Task[Callers];
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _cluster = await QdrantBenchmarkCluster.StartAsync(3);
        foreach (var server in _cluster.Servers)
        {
            server.Faults.Latency = TimeSpan.FromMilliseconds(5);
        }

        _raw = [.. _cluster.Servers.Select(s => new QdrantClient(s.Host, s.Port, https: false))];
        _pool = new QdrantPooledClient(_cluster.PoolOptions());
        await _pool.InitializeAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _pool.DisposeAsync();
        foreach (var client in _raw)
        {
            client.Dispose();
        }

        await _cluster.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "raw QdrantClient per node, round-robin")]
    public Task RawRoundRobinAsync()
    {
        for (var i = 0; i < Callers; i++)
        {
            var client = _raw[(uint)Interlocked.Increment(ref _next) % (uint)_raw.Length];
            _tasks[i] = QdrantBenchmarkCluster.QueryAsync(client, CancellationToken.None);
        }

        return Task.WhenAll(_tasks);
    }

    [Benchmark(Description = "QdrantPooledClient over 3 nodes")]
    public Task PooledAsync()
    {
        for (var i = 0; i < Callers; i++)
        {
            _tasks[i] = _pool.ReadAsync(QdrantBenchmarkCluster.QueryAsync, cancellationToken: CancellationToken.None);
        }

        return Task.WhenAll(_tasks);
    }

    /// <summary>Changes every node's injected latency, for <see cref="ThreeNodeProbe"/>.</summary>
    internal void SetLatency(TimeSpan latency)
    {
        foreach (var server in _cluster.Servers)
        {
            server.Faults.Latency = latency;
        }
    }

    /// <summary>The pool's figures, for <see cref="ThreeNodeProbe"/>: where the requests went and whether any queued.</summary>
    internal QdrantPoolStatistics PoolStatistics() => _pool.GetStatistics();
}
