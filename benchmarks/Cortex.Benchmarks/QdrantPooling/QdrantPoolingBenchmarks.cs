using BenchmarkDotNet.Attributes;
using Cortex.Qdrant.Pooling;
using Qdrant.Client;

namespace Cortex.Benchmarks.QdrantPooling;

/// <summary>
/// A small query (top-10 of 1,000 vectors) against an in-process Qdrant test node: the pool against the raw client a
/// user would otherwise create, at 1, 64 and 256 concurrent callers. At concurrency N one operation is N queries run at
/// once, so the ratio of two rows at the same N is the inverse of their throughput ratio, and the allocation per query
/// is the row's allocation divided by N.
/// </summary>
[MemoryDiagnoser]
public class QdrantPoolingBenchmarks
{
    private QdrantBenchmarkCluster _cluster = null!;
    private QdrantClient _raw = null!;
    private QdrantPooledClient _pool = null!;
    private Task[] _tasks = null!;

    /// <summary>Gets or sets the number of concurrent callers.</summary>
    [Params(1, 64, 256)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _cluster = await QdrantBenchmarkCluster.StartAsync(1);
        _raw = new QdrantClient(_cluster.Servers[0].Host, _cluster.Servers[0].Port, https: false);
        _pool = new QdrantPooledClient(_cluster.PoolOptions());
        await _pool.InitializeAsync();
        _tasks = new Task[Concurrency];
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _pool.DisposeAsync();
        _raw.Dispose();
        await _cluster.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "raw QdrantClient")]
    public Task RawAsync() => RunAsync(static (self, ct) => QdrantBenchmarkCluster.QueryAsync(self._raw, ct));

    [Benchmark(Description = "QdrantPooledClient")]
    public Task PooledAsync() => RunAsync(static (self, ct) => self._pool.ExecuteAsync(QdrantBenchmarkCluster.QueryAsync, QdrantRequestOptions.Read, ct));

    private Task RunAsync(Func<QdrantPoolingBenchmarks, CancellationToken, Task> query)
    {
        if (Concurrency == 1)
        {
            return query(this, CancellationToken.None);
        }

        for (var i = 0; i < _tasks.Length; i++)
        {
            _tasks[i] = query(this, CancellationToken.None);
        }

        return Task.WhenAll(_tasks);
    }
}
