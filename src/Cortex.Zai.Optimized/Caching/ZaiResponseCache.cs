using Cortex.Zai.Optimized.Internal;
using Cortex.Zai.Optimized.Models;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Cortex.Zai.Optimized.Caching;

/// <summary>
/// The two-tier response cache: completions in this process's memory (L1, bounded by entry count) and in Redis (L2,
/// shared by every instance). A Redis problem never fails a request: it is counted, logged at most once a minute, and
/// the request goes on with memory only: each Redis command is bounded by <see cref="ZaiCacheOptions.RedisOperationTimeout"/>,
/// and the client writes an answer to Redis in the background so that the write never delays it. Cached completions are
/// shared between callers, so they are made read-only.
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
    /// <param name="redis">The Redis connection of the L2 tier (it bounds each command); <see langword="null"/> (or <see cref="ZaiCacheOptions.EnableRedisCache"/> off) for memory only. Not disposed by the cache.</param>
    /// <param name="time">The clock of the TTLs and of the warning throttle.</param>
    /// <param name="logger">Where Redis problems are reported.</param>
    public ZaiResponseCache(ZaiCacheOptions options, RedisConnection? redis, TimeProvider time, ILogger logger)
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
            _redis = redis;
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
        cancellationToken.ThrowIfCancellationRequested();
        return StoreInMemoryFirst(key, completion, ttl) && _redis is not null ? WriteToRedisAsync(key, completion, ttl, cancellationToken) : default;
    }

    /// <summary>
    /// Stores <paramref name="completion"/> in memory now and writes it to Redis in the background, so the answer it
    /// belongs to is not delayed. At most <see cref="MaxPendingWrites"/> writes wait at once; beyond that a write is
    /// skipped (counted and logged as a Redis failure: the entry stays in memory).
    /// </summary>
    /// <param name="key">A key from <see cref="ZaiCacheKey.Compute"/>.</param>
    /// <param name="completion">The completion; from now on shared and not to be mutated.</param>
    /// <param name="ttl">How long it is served; zero or less stores nothing.</param>
    public void SetInBackground(string key, ZaiCompletion completion, TimeSpan ttl)
    {
        if (!StoreInMemoryFirst(key, completion, ttl) || _redis is null)
        {
            return;
        }

        if (Interlocked.Increment(ref _pendingWrites) > MaxPendingWrites)
        {
            Interlocked.Decrement(ref _pendingWrites);
            OnRedisFailure("write", $"{MaxPendingWrites} writes are already waiting for Redis", null, unreachable: false);
            return;
        }

        // Off the caller's thread (the encoding too): the answer goes back while this waits for Redis.
        _ = Task.Run(() => WriteInBackgroundAsync(key, completion, ttl));
    }

    /// <summary>Waits until no background write is pending (for an orderly shutdown and for tests), at most <paramref name="timeout"/> of real time.</summary>
    /// <param name="timeout">The longest wait.</param>
    /// <returns><see langword="true"/> when every write had finished.</returns>
    public async Task<bool> WhenWritesCompleteAsync(TimeSpan timeout)
    {
        var until = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        while (Volatile.Read(ref _pendingWrites) > 0)
        {
            if (System.Diagnostics.Stopwatch.GetTimestamp() >= until)
            {
                return false;
            }

            await Task.Delay(1).ConfigureAwait(false);
        }

        return true;
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

    // The memory half of a store: false when nothing is stored at all (no TTL, or no tier on).
    private bool StoreInMemoryFirst(string key, ZaiCompletion completion, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(completion);
        if (ttl <= TimeSpan.Zero || !IsEnabled)
        {
            return false;
        }

        // Shared with every later hit: nobody may change it from here on.
        completion.MakeReadOnly();
        StoreInMemory(key, completion, ttl);
        Interlocked.Increment(ref _writes);
        return true;
    }

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
