using BenchmarkDotNet.Attributes;
using Cortex.Zai.Optimized;
using Cortex.Zai.Optimized.Deduplication;
using Cortex.Zai.Optimized.RateLimiting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cortex.Benchmarks.Zai;

/// <summary>
/// What deduplication and the rate limiter add to one request that neither joins nor waits: a single-flight around a
/// completed piece of work, and an uncontended permit (concurrency + token bucket) taken and released. Baseline: the
/// work called directly.
/// </summary>
[MemoryDiagnoser]
public class ZaiOverheadBenchmarks
{
    private static readonly Task<int> Done = Task.FromResult(42);
    private SingleFlight<int> _flights = null!;
    private ZaiRateLimiter _limiter = null!;
    private long _key;

    [GlobalSetup]
    public void Setup()
    {
        _flights = new SingleFlight<int>(TimeProvider.System, TimeSpan.Zero);
        _limiter = new ZaiRateLimiter(
            new ZaiRateLimitOptions { RequestsPerMinute = int.MaxValue / 2, BurstCapacity = int.MaxValue / 2, MaxConcurrentRequests = 1_000 },
            null,
            "bench",
            TimeProvider.System,
            NullLogger.Instance);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _limiter.DisposeAsync();

    [Benchmark(Baseline = true, Description = "the work, called directly")]
    public Task<int> DirectAsync() => Work(CancellationToken.None);

    [Benchmark(Description = "through deduplication (no one to join)")]
    public async Task<int> DeduplicatedAsync() => (await _flights.RunAsync((++_key).ToString(System.Globalization.CultureInfo.InvariantCulture), Work, reuseFinished: false, CancellationToken.None)).Value;

    [Benchmark(Description = "through the rate limiter (permit free)")]
    public async Task<int> LimitedAsync()
    {
        using var lease = await _limiter.AcquireAsync("glm-4.6", CancellationToken.None);
        return await Work(CancellationToken.None);
    }

    private static Task<int> Work(CancellationToken cancellationToken) => Done;
}
