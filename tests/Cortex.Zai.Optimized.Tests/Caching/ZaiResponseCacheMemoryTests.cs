using Cortex.Zai.Optimized.Caching;
using Cortex.Zai.Optimized.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Zai.Optimized.Tests.Caching;

public sealed class ZaiResponseCacheMemoryTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task TryGetAsync_AfterSet_ReturnsSameCompletionFromMemory()
    {
        using var cache = NewCache();
        var completion = CacheTestData.Completion("hello");

        await cache.SetAsync("k1", completion, Ttl, TestContext.Current.CancellationToken);
        var (cached, tier) = await cache.TryGetAsync("k1", TestContext.Current.CancellationToken);

        Assert.Same(completion, cached);
        Assert.Equal(ZaiResponseSource.MemoryCache, tier);
        Assert.Equal(new ZaiCacheStatistics(1, 0, 0, 0, 0, 0, 1, 1), cache.GetStatistics());
    }

    [Fact]
    public async Task TryGetAsync_UnknownKey_MissFromUpstream()
    {
        using var cache = NewCache();

        var (cached, tier) = await cache.TryGetAsync("nothing", TestContext.Current.CancellationToken);

        Assert.Null(cached);
        Assert.Equal(ZaiResponseSource.Upstream, tier);
        Assert.Equal(1, cache.GetStatistics().Misses);
    }

    [Fact]
    public async Task TryGetAsync_TtlPassedOnFakeClock_Miss()
    {
        using var cache = NewCache();
        await cache.SetAsync("k1", CacheTestData.Completion("hello"), Ttl, TestContext.Current.CancellationToken);

        _time.Advance(Ttl - TimeSpan.FromSeconds(1));
        var (beforeExpiry, _) = await cache.TryGetAsync("k1", TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(1));
        var (afterExpiry, tier) = await cache.TryGetAsync("k1", TestContext.Current.CancellationToken);

        Assert.NotNull(beforeExpiry);
        Assert.Null(afterExpiry);
        Assert.Equal(ZaiResponseSource.Upstream, tier);
        Assert.Equal(0, cache.GetStatistics().MemoryEntries);
    }

    [Fact]
    public async Task SetAsync_MoreEntriesThanMemoryCacheSize_KeepsAtMostSizeAndTheNewest()
    {
        using var cache = NewCache(new ZaiCacheOptions { MemoryCacheSize = 3 });

        for (var i = 0; i < 5; i++)
        {
            await cache.SetAsync($"k{i}", CacheTestData.Completion($"answer {i}"), Ttl, TestContext.Current.CancellationToken);
            Assert.InRange(cache.GetStatistics().MemoryEntries, 1, 3);
        }

        var (newest, tier) = await cache.TryGetAsync("k4", TestContext.Current.CancellationToken);
        var (oldest, _) = await cache.TryGetAsync("k0", TestContext.Current.CancellationToken);
        Assert.Equal("answer 4", newest?.Content);
        Assert.Equal(ZaiResponseSource.MemoryCache, tier);
        Assert.Null(oldest);
    }

    [Fact]
    public async Task SetAsync_ZeroTtl_StoresNothing()
    {
        using var cache = NewCache();

        await cache.SetAsync("k1", CacheTestData.Completion("hello"), TimeSpan.Zero, TestContext.Current.CancellationToken);

        Assert.Equal(new ZaiCacheStatistics(0, 0, 0, 0, 0, 0, 0, 0), cache.GetStatistics());
    }

    [Fact]
    public async Task TryGetAsync_CancelledToken_Throws()
    {
        using var cache = NewCache();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await cache.TryGetAsync("k1", cancelled.Token));
    }

    [Fact]
    public async Task IsEnabled_BothTiersOff_FalseAndSetStoresNothing()
    {
        using var cache = NewCache(new ZaiCacheOptions { EnableMemoryCache = false });

        await cache.SetAsync("k1", CacheTestData.Completion("hello"), Ttl, TestContext.Current.CancellationToken);
        var (cached, _) = await cache.TryGetAsync("k1", TestContext.Current.CancellationToken);

        Assert.False(cache.IsEnabled);
        Assert.Null(cached);
    }

    [Fact]
    public void Constructor_MemoryCacheSizeZero_ThrowsNamingTheOption()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => NewCache(new ZaiCacheOptions { MemoryCacheSize = 0 }));

        Assert.Contains("MemoryCacheSize", ex.Message, StringComparison.Ordinal);
    }

    private ZaiResponseCache NewCache(ZaiCacheOptions? options = null) =>
        new(options ?? new ZaiCacheOptions(), null, _time, NullLogger.Instance);
}
