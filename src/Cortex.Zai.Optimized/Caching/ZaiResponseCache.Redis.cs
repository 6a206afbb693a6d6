using Cortex.Zai.Optimized.Internal;
using Cortex.Zai.Optimized.Models;
using StackExchange.Redis;

namespace Cortex.Zai.Optimized.Caching;

internal sealed partial class ZaiResponseCache
{
    /// <summary>The most background writes that wait for Redis at once.</summary>
    public const int MaxPendingWrites = 1024;

    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    private readonly RedisConnection? _redis;
    private int _pendingWrites;
    private readonly string _redisKeyPrefix = string.Empty;
    private readonly int _compressionThreshold;
    private readonly TimeSpan _defaultTtl;
    private long _redisErrors;
    private long _corruptEntries;
    private long _compressedWrites;
    private long _failuresSinceSuccess;
    private long _suppressedWarnings;
    private long _lastWarningAt;
    private int _warnedOnce;

    private async ValueTask<(ZaiCompletion? Completion, ZaiResponseSource Tier)> GetFromRedisAsync(string key, CancellationToken cancellationToken)
    {
        var completion = await ReadFromRedisAsync(key, cancellationToken).ConfigureAwait(false);
        if (completion is null)
        {
            Interlocked.Increment(ref _misses);
            return (null, ZaiResponseSource.Upstream);
        }

        Interlocked.Increment(ref _redisHits);
        return (completion, ZaiResponseSource.RedisCache);
    }

    private async ValueTask<ZaiCompletion?> ReadFromRedisAsync(string key, CancellationToken cancellationToken)
    {
        RedisKey redisKey = _redisKeyPrefix + key;

        // Not connected (yet), or hung lately: go on at once rather than wait for a command to time out.
        if (!_redis!.IsAvailable(redisKey, CommandFlags.PreferReplica))
        {
            OnRedisFailure("read", NotAvailable, null, unreachable: true);
            return null;
        }

        var redis = _redis.Database!;
        RedisValueWithExpiry entry;
        try
        {
            entry = await _redis.RunAsync(redis.StringGetWithExpiryAsync(redisKey, CommandFlags.PreferReplica), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            OnRedisFailure("read", ex.Message, ex, unreachable: true);
            return null;
        }

        OnRedisSuccess();
        if (entry.Value.IsNull)
        {
            return null;
        }

        ZaiCompletion completion;
        try
        {
            completion = ZaiCacheEntryFormat.Decode((byte[])entry.Value!);
        }
        catch (InvalidDataException ex)
        {
            Interlocked.Increment(ref _corruptEntries);
            OnRedisFailure("read an entry", ex.Message, ex, unreachable: false);

            // Unreadable now means unreadable for every instance: drop it so the next answer can take its place.
            _ = redis.KeyDeleteAsync(redisKey, CommandFlags.FireAndForget);
            return null;
        }

        StoreInMemory(key, completion, entry.Expiry is { } left && left > TimeSpan.Zero ? left : _defaultTtl);
        return completion;
    }

    private async ValueTask WriteToRedisAsync(string key, ZaiCompletion completion, TimeSpan ttl, CancellationToken cancellationToken)
    {
        RedisKey redisKey = _redisKeyPrefix + key;
        if (!_redis!.IsAvailable(redisKey))
        {
            OnRedisFailure("write", NotAvailable, null, unreachable: true);
            return;
        }

        var value = ZaiCacheEntryFormat.Encode(completion, _compressionThreshold, out var compressed);
        try
        {
            await _redis.RunAsync(_redis.Database!.StringSetAsync(redisKey, value, ttl, When.Always, CommandFlags.None), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            OnRedisFailure("write", ex.Message, ex, unreachable: true);
            return;
        }

        OnRedisSuccess();
        if (compressed)
        {
            Interlocked.Increment(ref _compressedWrites);
        }
    }

    private async Task WriteInBackgroundAsync(string key, ZaiCompletion completion, TimeSpan ttl)
    {
        try
        {
            await WriteToRedisAsync(key, completion, ttl, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Nobody awaits this write: whatever failed is reported here, never lost as an unobserved exception.
            OnRedisFailure("write", ex.GetType().Name, ex, unreachable: false);
        }
        finally
        {
            Interlocked.Decrement(ref _pendingWrites);
        }
    }

    private const string NotAvailable = "not connected, or it did not answer lately";

    // RedisTimeoutException is a TimeoutException, not a RedisException.
    private static bool IsRedisFailure(Exception ex) => ex is RedisException or TimeoutException;

    private void OnRedisFailure(string operation, string reason, Exception? exception, bool unreachable)
    {
        Interlocked.Increment(ref _redisErrors);
        if (unreachable)
        {
            Interlocked.Increment(ref _failuresSinceSuccess);
        }

        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastWarningAt);
        var due = Volatile.Read(ref _warnedOnce) == 0 || _time.GetElapsedTime(last, now) >= WarningInterval;

        // Of the threads that find a warning due, the one that moves the timestamp logs; the others count as suppressed.
        if (!due || Interlocked.CompareExchange(ref _lastWarningAt, now, last) != last)
        {
            Interlocked.Increment(ref _suppressedWarnings);
            return;
        }

        Volatile.Write(ref _warnedOnce, 1);
        CacheLog.RedisFailed(_logger, operation, reason, Interlocked.Exchange(ref _suppressedWarnings, 0), exception);
    }

    private void OnRedisSuccess()
    {
        if (Interlocked.Read(ref _failuresSinceSuccess) != 0 && Interlocked.Exchange(ref _failuresSinceSuccess, 0) is var failures and > 0)
        {
            CacheLog.RedisRecovered(_logger, failures);
        }
    }
}
