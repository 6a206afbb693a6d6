using System.Text;
using Cortex.Tests.Shared;
using Cortex.Zai.Optimized.Caching;
using Cortex.Zai.Optimized.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using StackExchange.Redis;

namespace Cortex.Zai.Optimized.Tests.Caching;

public sealed class ZaiResponseCacheRedisTests
{
    private const string Prefix = "test:zai:";
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task TryGetAsync_WrittenByAnotherInstance_RedisTierThenMemoryTier()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        using var mux = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        using var writer = NewCache(mux);
        using var reader = NewCache(mux);
        var completion = CacheTestData.Completion("shared answer");

        await writer.SetAsync("k1", completion, Ttl, TestContext.Current.CancellationToken);
        var first = await reader.TryGetAsync("k1", TestContext.Current.CancellationToken);
        var second = await reader.TryGetAsync("k1", TestContext.Current.CancellationToken);

        Assert.Equal(ZaiResponseSource.RedisCache, first.Tier);
        CacheTestData.AssertSameCompletion(completion, first.Completion);
        Assert.Equal(ZaiResponseSource.MemoryCache, second.Tier);
        Assert.Same(first.Completion, second.Completion);
        Assert.Equal(new ZaiCacheStatistics(1, 1, 0, 0, 0, 0, 0, 1), reader.GetStatistics());
        var redisTtl = await mux.GetDatabase().KeyTimeToLiveAsync(Prefix + "resp:k1");
        Assert.InRange(redisTtl ?? TimeSpan.Zero, Ttl - TimeSpan.FromMinutes(1), Ttl);
    }

    [Fact]
    public async Task SetAsync_CompletionAboveThreshold_StoredGzipAndRoundTripsExactly()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        using var mux = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        using var writer = NewCache(mux);
        using var reader = NewCache(mux);
        var completion = CacheTestData.Completion(string.Concat(Enumerable.Repeat("Paris is sunny, 18 C; été. ", 400)));
        var jsonLength = ZaiCacheEntryFormat.Encode(completion, int.MaxValue, out _).Length - 1;

        await writer.SetAsync("big", completion, Ttl, TestContext.Current.CancellationToken);
        byte[]? raw = await mux.GetDatabase().StringGetAsync(Prefix + "resp:big");
        var (cached, tier) = await reader.TryGetAsync("big", TestContext.Current.CancellationToken);

        Assert.NotNull(raw);
        Assert.Equal(ZaiCacheEntryFormat.GzipJson, raw[0]);
        Assert.True(raw.Length < jsonLength / 4, $"{raw.Length} bytes stored for {jsonLength} bytes of JSON");
        Assert.Equal(ZaiResponseSource.RedisCache, tier);
        CacheTestData.AssertSameCompletion(completion, cached);
        Assert.Equal(1, writer.GetStatistics().CompressedWrites);
    }

    [Fact]
    public async Task SetAsync_CompletionBelowThreshold_StoredAsPlainJson()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        using var mux = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        using var cache = NewCache(mux);

        await cache.SetAsync("small", CacheTestData.Completion("short"), Ttl, TestContext.Current.CancellationToken);
        byte[]? raw = await mux.GetDatabase().StringGetAsync(Prefix + "resp:small");

        Assert.NotNull(raw);
        Assert.Equal(ZaiCacheEntryFormat.Json, raw[0]);
        Assert.Contains("\"cached_tokens\":64", Encoding.UTF8.GetString(raw, 1, raw.Length - 1), StringComparison.Ordinal);
        Assert.Equal(0, cache.GetStatistics().CompressedWrites);
    }

    [Fact]
    public async Task TryGetAsync_CorruptEntries_MissCountedAndDropped()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        using var mux = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var log = new FakeLogger();
        using var cache = NewCache(mux, log);
        var db = mux.GetDatabase();
        byte[][] garbage =
        [
            [],
            [9, 1, 2, 3],
            [ZaiCacheEntryFormat.Json, .. "{\"choices\":[{"u8],
            [ZaiCacheEntryFormat.Json, .. "null"u8],
            [ZaiCacheEntryFormat.GzipJson, 0x1f, 0x8b, 0xff, 0x00],
            [.. "{\"id\":\"not-prefixed\"}"u8],
        ];

        for (var i = 0; i < garbage.Length; i++)
        {
            await db.StringSetAsync($"{Prefix}resp:bad{i}", garbage[i]);
            var (cached, tier) = await cache.TryGetAsync($"bad{i}", TestContext.Current.CancellationToken);

            Assert.Null(cached);
            Assert.Equal(ZaiResponseSource.Upstream, tier);
            Assert.False(await db.KeyExistsAsync($"{Prefix}resp:bad{i}"));
        }

        var statistics = cache.GetStatistics();
        Assert.Equal(garbage.Length, statistics.CorruptEntries);
        Assert.Equal(garbage.Length, statistics.RedisErrors);
        Assert.Equal(garbage.Length, statistics.Misses);
        Assert.Equal([LogLevel.Warning], log.Collector.GetSnapshot().Select(r => r.Level));
    }

    private static ZaiResponseCache NewCache(IConnectionMultiplexer mux, ILogger? logger = null) =>
        new(new ZaiCacheOptions { EnableRedisCache = true, RedisKeyPrefix = Prefix }, Cortex.Zai.Optimized.Internal.RedisConnection.Of(mux), TimeProvider.System, logger ?? NullLogger.Instance);
}
