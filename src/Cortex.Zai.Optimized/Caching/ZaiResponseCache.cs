using Cortex.Zai.Optimized.Models;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Cortex.Zai.Optimized.Caching;

/// <summary>
/// The two-tier response cache: completions in this process's memory (L1, bounded by entry count) and in Redis (L2,
/// shared by every instance). A Redis problem never fails a request: it is counted, logged at most once a minute, and
/// the request goes on with memory only. Cached completions are shared between callers, so they are made read-only.
/// </summary>
internal sealed partial class ZaiResponseCache : IDisposable
{
    // MemoryCache cannot hold a DateTimeOffset beyond its range; nobody means to cache an answer for longer than this.
    private static readonly TimeSpan MaxMemoryTtl = TimeSpan.FromDays(365);

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MemoryCache? _memory;
    private readonly int _memoryCacheSize;
    private long _memoryHits;
    private long _redisHits;
    private long _misses;
    private long _writes;

    /// <summary>Initializes a new instance of the <see cref="ZaiResponseCache"/> class.</summary>
    /// <param name="options">The cache options; read once, here.</param>
    /// <param name="redis">The Redis connection of the L2 tier; <see langword="null"/> (or <see cref="ZaiCacheOptions.EnableRedisCache"/> off) for memory only. Not disposed by the cache.</param>
    /// <param name="time">The clock of the TTLs and of the warning throttle.</param>
    /// <param name="logger">Where Redis problems are reported.</param>
    public ZaiResponseCache(ZaiCacheOptions options, IConnectionMultiplexer? redis, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _time = time;
        _logger = logger;
        if (options.EnableMemoryCache)
        {
            if (options.MemoryCacheSize < 1)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(options),
                    options.MemoryCacheSize,
                    $"ZaiCacheOptions.MemoryCacheSize must be at least 1 when EnableMemoryCache is on; it is {options.MemoryCacheSize}.");
            }

            _memoryCacheSize = options.MemoryCacheSize;
            _memory = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.MemoryCacheSize });
        }

        if (options.EnableRedisCache && redis is not null)
        {
            _redis = redis.GetDatabase();
            _redisKeyPrefix = options.RedisKeyPrefix + "resp:";
            _compressionThreshold = options.CompressionThreshold;
            _defaultTtl = options.DefaultTtl;
        }
    }

    /// <summary>Gets a value indicating whether any tier is on.</summary>
    public bool IsEnabled => _memory is not null || _redis is not null;

    /// <summary>Looks <paramref name="key"/> up in memory, then in Redis.</summary>
    /// <param name="key">A key from <see cref="ZaiCacheKey.Compute"/>.</param>
    /// <param name="cancellationToken">Cancels the lookup (it then throws).</param>
    /// <returns>The cached completion and the tier that answered, or (<see langword="null"/>, <see cref="ZaiResponseSource.Upstream"/>) on a miss.</returns>
    public ValueTask<(ZaiCompletion? Completion, ZaiResponseSource Tier)> TryGetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        if (TryGetFromMemory(key) is { } completion)
        {
            Interlocked.Increment(ref _memoryHits);
            return new((completion, ZaiResponseSource.MemoryCache));
        }

        if (_redis is not null)
        {
            return GetFromRedisAsync(key, cancellationToken);
        }

        Interlocked.Increment(ref _misses);
        return new((null, ZaiResponseSource.Upstream));
    }

    /// <summary>Stores <paramref name="completion"/> in memory and in Redis for <paramref name="ttl"/>; a TTL of zero or less stores nothing.</summary>
    /// <param name="key">A key from <see cref="ZaiCacheKey.Compute"/>.</param>
    /// <param name="completion">The completion; from now on shared and not to be mutated.</param>
    /// <param name="ttl">How long it is served.</param>
    /// <param name="cancellationToken">Cancels the Redis write (it then throws; the memory entry stays).</param>
    /// <returns>A task that completes when both tiers have it (or Redis has failed, which is only counted).</returns>
    public ValueTask SetAsync(string key, ZaiCompletion completion, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(completion);
        cancellationToken.ThrowIfCancellationRequested();
        if (ttl <= TimeSpan.Zero || !IsEnabled)
        {
            return default;
        }

        // Shared with every later hit: nobody may change it from here on.
        completion.MakeReadOnly();
        StoreInMemory(key, completion, ttl);
        Interlocked.Increment(ref _writes);
        return _redis is null ? default : WriteToRedisAsync(key, completion, ttl, cancellationToken);
    }

    /// <summary>Gets a snapshot of the counters.</summary>
    /// <returns>The counters.</returns>
    public ZaiCacheStatistics GetStatistics() => new(
        Interlocked.Read(ref _memoryHits),
        Interlocked.Read(ref _redisHits),
        Interlocked.Read(ref _misses),
        Interlocked.Read(ref _redisErrors),
        Interlocked.Read(ref _corruptEntries),
        Interlocked.Read(ref _compressedWrites),
        Interlocked.Read(ref _writes),
        _memory?.Count ?? 0);

    /// <summary>Drops the memory tier. The Redis connection belongs to the caller and stays open.</summary>
    public void Dispose() => _memory?.Dispose();

    private ZaiCompletion? TryGetFromMemory(string key)
    {
        if (_memory is null || !_memory.TryGetValue(key, out var value) || value is not MemoryEntry entry)
        {
            return null;
        }

        if (_time.GetTimestamp() < entry.ExpiresAt)
        {
            return entry.Completion;
        }

        // Expired by the injected clock, which MemoryCache does not know about.
        _memory.Remove(key);
        return null;
    }

    private void StoreInMemory(string key, ZaiCompletion completion, TimeSpan ttl)
    {
        if (_memory is null)
        {
            return;
        }

        if (_memory.Count >= _memoryCacheSize)
        {
            MakeRoom(_memory);
        }

        if (ttl > MaxMemoryTtl)
        {
            ttl = MaxMemoryTtl;
        }

        var expiresAt = _time.GetTimestamp() + (long)(ttl.Ticks * ((double)_time.TimestampFrequency / TimeSpan.TicksPerSecond));
        using var entry = _memory.CreateEntry(key);
        entry.Value = new MemoryEntry(completion, expiresAt);
        entry.Size = 1;
        entry.AbsoluteExpirationRelativeToNow = ttl;
    }

    private void MakeRoom(MemoryCache memory)
    {
        // A full MemoryCache drops the entry that found it full and compacts in the background, down to a low-water mark
        // that for a limit under 10 frees nothing at all. Free a tenth (at least one entry) now, so the newest answer is
        // always kept; Compact removes expired entries first, then the least recently used.
        var count = memory.Count;
        if (count == 0)
        {
            return;
        }

        var toRemove = Math.Max(1, _memoryCacheSize / 10) + count - _memoryCacheSize;
        memory.Compact((toRemove + 0.5) / count);
    }

    private sealed record MemoryEntry(ZaiCompletion Completion, long ExpiresAt);
}
