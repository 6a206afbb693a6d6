using System.Diagnostics;
using Cortex.Tests.Shared;
using Cortex.Zai.Optimized.Caching;
using Cortex.Zai.Optimized.Internal;
using Cortex.Zai.Optimized.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Cortex.Zai.Optimized.Tests.Caching;

public sealed class ZaiResponseCacheOutageTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MaxCallDuringOutage = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task TryGetAndSetAsync_RedisStoppedThenStarted_MemoryServesFastOneWarningPerMinuteThenRedisAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        using var mux = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var time = new FakeTimeProvider();
        var log = new FakeLogger();
        using var cache = new ZaiResponseCache(new ZaiCacheOptions { EnableRedisCache = true }, RedisConnection.Of(mux), time, log);
        await cache.SetAsync("before", CacheTestData.Completion("stored before the outage"), Ttl, ct);

        await redis.StopAsync();
        for (var i = 0; i < 20; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await cache.SetAsync($"during{i}", CacheTestData.Completion($"answer {i}"), Ttl, ct);
            var (during, duringTier) = await cache.TryGetAsync($"during{i}", ct);
            var (missing, missingTier) = await cache.TryGetAsync($"missing{i}", ct);
            var (before, beforeTier) = await cache.TryGetAsync("before", ct);
            var elapsed = Stopwatch.GetElapsedTime(started);

            Assert.True(elapsed < MaxCallDuringOutage, $"round {i} took {elapsed.TotalMilliseconds:0} ms");
            Assert.Equal((ZaiResponseSource.MemoryCache, $"answer {i}"), (duringTier, during?.Content));
            Assert.Equal((ZaiResponseSource.Upstream, null), (missingTier, missing));
            Assert.Equal(ZaiResponseSource.MemoryCache, beforeTier);
            Assert.NotNull(before);
        }

        Assert.InRange(cache.GetStatistics().RedisErrors, 40, long.MaxValue);
        Assert.Equal(1, Warnings(log));

        time.Advance(TimeSpan.FromSeconds(61));
        await cache.TryGetAsync("missing-after-a-minute", ct);
        Assert.Equal(2, Warnings(log));

        await redis.StartAsync(ct);
        using var reader = new ZaiResponseCache(new ZaiCacheOptions { EnableRedisCache = true }, RedisConnection.Of(mux), time, NullLogger.Instance);
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 20);
        ZaiResponseSource tier;
        do
        {
            Assert.True(Stopwatch.GetTimestamp() < deadline, "The cache did not use Redis again within 20 s of its restart.");
            await Task.Delay(50, ct);
            await cache.SetAsync("after", CacheTestData.Completion("stored after the outage"), Ttl, ct);
            (_, tier) = await reader.TryGetAsync("after", ct);
        }
        while (tier != ZaiResponseSource.RedisCache);

        Assert.Contains(log.Collector.GetSnapshot(), r => r.Level == LogLevel.Information && r.Message.StartsWith("The Redis response cache is reachable again", StringComparison.Ordinal));
    }

    private static int Warnings(FakeLogger log) => log.Collector.GetSnapshot().Count(r => r.Level == LogLevel.Warning);
}
