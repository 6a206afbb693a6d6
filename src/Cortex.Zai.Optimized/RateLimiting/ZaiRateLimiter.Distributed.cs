using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Cortex.Zai.Optimized.RateLimiting;

internal sealed partial class ZaiRateLimiter
{
    private static readonly TimeSpan RedisRetryInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    private readonly RedisTokenBucket? _sharedBucket;

    // One waiter of this instance asks Redis at a time, the others queue here in order: a few calls per token instead
    // of every waiter polling, and MaxQueueLength bounds the queue as it does locally.
    private readonly ConcurrencyLimiter? _redisTurn;
    private readonly Lock _fallbackLock = new();
    private long _fallbacks;
    private bool _usingFallback;
    private long _retryRedisAt;
    private long _lastWarningAt;
    private bool _outageLogged;
    private int _probing;

    // Distributed mode: a token from the shared bucket in Redis, waiting as long as the script says a token takes;
    // while Redis is unreachable, a token from this instance's share of the budget instead.
    private async ValueTask AcquireSharedTokenAsync(string model, Wait wait)
    {
        if (!Volatile.Read(ref _usingFallback) || _time.GetTimestamp() >= Interlocked.Read(ref _retryRedisAt))
        {
            using var turn = await AcquireAsync(_redisTurn!, Limit.SharedRate, model, wait).ConfigureAwait(false);
            while (await TryTakeSharedTokenAsync().ConfigureAwait(false) is { } retryAfter)
            {
                if (retryAfter == TimeSpan.Zero)
                {
                    return;
                }

                wait.Waited = true;
                var remaining = wait.Remaining;
                try
                {
                    await Task.Delay(retryAfter < remaining ? retryAfter : remaining, _time, wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex)
                {
                    throw Stopped(ex, Limit.SharedRate, model, wait);
                }

                if (wait.Remaining <= TimeSpan.Zero)
                {
                    throw WaitedTooLong(Limit.SharedRate, model, wait.Elapsed);
                }
            }
        }

        (await AcquireAsync(_localBucket, Limit.LocalRate, model, wait).ConfigureAwait(false)).Dispose();
    }

    // Zero when a token was taken, the wait for the next one, or null when the local share must serve: Redis failed
    // now, or it failed lately and another request is already probing it, or the next probe is not due yet.
    private async ValueTask<TimeSpan?> TryTakeSharedTokenAsync()
    {
        var probe = false;
        if (Volatile.Read(ref _usingFallback))
        {
            if (_time.GetTimestamp() < Interlocked.Read(ref _retryRedisAt) || Interlocked.CompareExchange(ref _probing, 1, 0) != 0)
            {
                return null;
            }

            probe = true;
        }

        try
        {
            // A disconnected multiplexer would hold the command in its backlog until its timeout: fall back at once.
            if (!_sharedBucket!.IsConnected)
            {
                OnRedisFailed("not connected", exception: null);
                return null;
            }

            var retryAfter = await _sharedBucket.TryTakeAsync(_time.GetUtcNow()).ConfigureAwait(false);
            OnRedisAnswered();
            return retryAfter;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            OnRedisFailed(ex.GetType().Name, ex);
            return null;
        }
        finally
        {
            if (probe)
            {
                Volatile.Write(ref _probing, 0);
            }
        }
    }

    private void OnRedisFailed(string reason, Exception? exception)
    {
        Interlocked.Increment(ref _fallbacks);
        var now = _time.GetTimestamp();
        bool warn;
        lock (_fallbackLock)
        {
            Volatile.Write(ref _usingFallback, true);
            Interlocked.Exchange(ref _retryRedisAt, now + (long)(RedisRetryInterval.TotalSeconds * _time.TimestampFrequency));
            warn = !_outageLogged || _time.GetElapsedTime(_lastWarningAt, now) >= WarningInterval;
            if (warn)
            {
                _outageLogged = true;
                _lastWarningAt = now;
            }
        }

        if (warn)
        {
            RateLimitLog.RedisUnavailable(_logger, reason, LocalShare(_requestsPerMinute), LocalShare(_burstCapacity), RedisRetryInterval, exception);
        }
    }

    private void OnRedisAnswered()
    {
        if (!Volatile.Read(ref _usingFallback))
        {
            return;
        }

        lock (_fallbackLock)
        {
            if (!_usingFallback)
            {
                return;
            }

            Volatile.Write(ref _usingFallback, false);
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            RateLimitLog.RedisBack(_logger);
        }
    }
}
