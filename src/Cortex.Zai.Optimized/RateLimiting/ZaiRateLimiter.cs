using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Cortex.Zai.Optimized.Internal;

namespace Cortex.Zai.Optimized.RateLimiting;

/// <summary>
/// Keeps one API key's requests within Z.AI's limits: a slot among <see cref="ZaiRateLimitOptions.MaxConcurrentRequests"/>
/// in flight per model, then a token from a bucket of <see cref="ZaiRateLimitOptions.BurstCapacity"/> refilled at
/// <see cref="ZaiRateLimitOptions.RequestsPerMinute"/>, kept here or, in distributed mode, in Redis for every instance.
/// A request over a limit waits in a bounded FIFO queue, up to <see cref="ZaiRateLimitOptions.MaxQueueWait"/> in all.
/// </summary>
/// <remarks>
/// The slot is taken before the token so that a request blocked on concurrency does not spend the rate budget while
/// it waits. The lease holds only the slot: a token is spent once the request is let through.
/// </remarks>
internal sealed partial class ZaiRateLimiter : IAsyncDisposable
{
    // A MaxQueueWait longer than a timer can wait (about 49 days) is taken as no limit.
    private static readonly TimeSpan LongestTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _requestsPerMinute;
    private readonly int _burstCapacity;
    private readonly int _configuredConcurrency;
    private readonly int _maxConcurrentRequests;
    private readonly int _maxQueueLength;
    private readonly int _instanceCount;
    private readonly TimeSpan _maxQueueWait;
    private readonly ConcurrentDictionary<string, ConcurrencyLimiter> _concurrency = new(StringComparer.Ordinal);
    private readonly TimeProviderTokenBucket _localBucket;
    private readonly CancellationTokenSource _disposing = new();
    private long _acquired;
    private long _waited;
    private long _rejected;
    private long _totalWaitTicks;
    private long _maxWaitTicks;
    private int _disposed;

    /// <param name="options">The limits; figures below 1 are treated as 1 (the options validator reports them).</param>
    /// <param name="redis">The Redis connection for distributed mode (it bounds each command); <see langword="null"/> for local mode.</param>
    /// <param name="budgetKey">The Redis key of the shared budget: it names the API key without containing it.</param>
    /// <param name="time">The clock and timers.</param>
    /// <param name="logger">Where Redis outages are reported.</param>
    public ZaiRateLimiter(ZaiRateLimitOptions options, RedisConnection? redis, string budgetKey, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(budgetKey);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _time = time;
        _logger = logger;
        _requestsPerMinute = Math.Max(1, options.RequestsPerMinute);
        _burstCapacity = Math.Max(1, options.BurstCapacity);
        _configuredConcurrency = Math.Max(1, options.MaxConcurrentRequests);
        _maxQueueLength = Math.Max(0, options.MaxQueueLength);
        _maxQueueWait = options.MaxQueueWait == Timeout.InfiniteTimeSpan ? TimeSpan.MaxValue
            : options.MaxQueueWait < TimeSpan.Zero ? TimeSpan.Zero
            : options.MaxQueueWait;
        _instanceCount = Math.Max(1, options.InstanceCount);

        if (options.EnableDistributed && redis is not null)
        {
            // In-flight requests stay counted here, each instance taking an equal share. A counter in Redis would need
            // leases that expire when an instance dies mid-request yet are renewed for long streams: out of scope.
            _maxConcurrentRequests = Math.Max(1, _configuredConcurrency / _instanceCount);
            _sharedBucket = new RedisTokenBucket(redis, budgetKey, _requestsPerMinute, _burstCapacity);
            _redisTurn = new ConcurrencyLimiter(QueueOptions(1));
            _localBucket = new TimeProviderTokenBucket(LocalShare(_requestsPerMinute), LocalShare(_burstCapacity), _maxQueueLength, time);
        }
        else
        {
            _maxConcurrentRequests = _configuredConcurrency;
            _localBucket = new TimeProviderTokenBucket(_requestsPerMinute, _burstCapacity, _maxQueueLength, time);
        }
    }

    private enum Limit
    {
        /// <summary>The in-flight slots of a model.</summary>
        Concurrency,

        /// <summary>The request budget kept in this process: all of it, or in distributed mode this instance's share.</summary>
        LocalRate,

        /// <summary>The request budget shared through Redis.</summary>
        SharedRate,
    }

    /// <summary>Waits for an in-flight slot for <paramref name="model"/> and a request token.</summary>
    /// <param name="model">The model the request is for; each has its own in-flight slots.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A lease to dispose when the request is over.</returns>
    /// <exception cref="ZaiRateLimitExceededException">The wait reached MaxQueueWait, or the queue was full (at once).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing is held.</exception>
    /// <exception cref="ObjectDisposedException">The limiter was disposed.</exception>
    public async ValueTask<ZaiRateLimitLease> AcquireAsync(string model, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        cancellationToken.ThrowIfCancellationRequested();

        using var wait = new Wait(this, cancellationToken);
        var slots = _concurrency.GetOrAdd(model, static (_, self) => new ConcurrencyLimiter(self.QueueOptions(self._maxConcurrentRequests)), this);
        var slot = await AcquireAsync(slots, Limit.Concurrency, model, wait).ConfigureAwait(false);
        try
        {
            if (_sharedBucket is null)
            {
                (await AcquireAsync(_localBucket, Limit.LocalRate, model, wait).ConfigureAwait(false)).Dispose();
            }
            else
            {
                await AcquireSharedTokenAsync(model, wait).ConfigureAwait(false);
            }
        }
        catch
        {
            slot.Dispose();
            throw;
        }

        Record(wait);
        return new ZaiRateLimitLease(slot);
    }

    /// <summary>Gets the counters since the limiter was created.</summary>
    /// <returns>A snapshot.</returns>
    public ZaiRateLimitStatistics GetStatistics() => new(
        Interlocked.Read(ref _acquired),
        Interlocked.Read(ref _waited),
        Interlocked.Read(ref _rejected),
        TimeSpan.FromTicks(Interlocked.Read(ref _totalWaitTicks)),
        TimeSpan.FromTicks(Interlocked.Read(ref _maxWaitTicks)),
        Interlocked.Read(ref _fallbacks),
        _sharedBucket is null ? ZaiRateLimitStatistics.LocalMode
            : Volatile.Read(ref _usingFallback) ? ZaiRateLimitStatistics.DistributedFallbackMode
            : ZaiRateLimitStatistics.DistributedMode);

    /// <summary>Fails every waiting acquisition with <see cref="ObjectDisposedException"/> and stops the timers.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return default;
        }

        _disposing.Cancel();
        foreach (var slots in _concurrency.Values)
        {
            slots.Dispose();
        }

        _redisTurn?.Dispose();
        _localBucket.Dispose();
        _disposing.Dispose();
        return default;
    }

    private static int Share(int figure, int instances) => Math.Max(1, figure / instances);

    private int LocalShare(int figure) => Share(figure, _instanceCount);

    private ConcurrencyLimiterOptions QueueOptions(int permits) => new()
    {
        PermitLimit = permits,
        QueueLimit = _maxQueueLength,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    };

    // Takes a permit at once when one is free and nobody queues before us; otherwise queues until the deadline.
    private async ValueTask<RateLimitLease> AcquireAsync(RateLimiter limiter, Limit limit, string model, Wait wait)
    {
        var lease = limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        wait.Waited = true;
        try
        {
            lease = await limiter.AcquireAsync(1, wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex)
        {
            throw Stopped(ex, limit, model, wait);
        }
        catch (ObjectDisposedException) when (_disposed != 0)
        {
            throw new ObjectDisposedException(nameof(ZaiRateLimiter));
        }

        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw _disposed != 0 ? new ObjectDisposedException(nameof(ZaiRateLimiter)) : QueueFull(limit, model);
        }

        return lease;
    }

    // Why a wait ended early: the caller cancelled, the limiter was disposed, or MaxQueueWait was reached.
    private Exception Stopped(OperationCanceledException ex, Limit limit, string model, Wait wait) =>
        wait.Caller.IsCancellationRequested ? new OperationCanceledException(ex.Message, ex, wait.Caller)
        : _disposed != 0 ? new ObjectDisposedException(nameof(ZaiRateLimiter))
        : WaitedTooLong(limit, model, wait.Elapsed);

    private void Record(Wait wait)
    {
        Interlocked.Increment(ref _acquired);
        if (!wait.Waited)
        {
            return;
        }

        var ticks = wait.Elapsed.Ticks;
        Interlocked.Increment(ref _waited);
        Interlocked.Add(ref _totalWaitTicks, ticks);
        var max = Interlocked.Read(ref _maxWaitTicks);
        while (ticks > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxWaitTicks, ticks, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>One acquisition's deadline: created on the first wait, measured from the start of the acquisition.</summary>
    private sealed class Wait(ZaiRateLimiter owner, CancellationToken caller) : IDisposable
    {
        private readonly long _started = owner._time.GetTimestamp();
        private CancellationTokenSource? _deadline;
        private CancellationTokenSource? _linked;

        public CancellationToken Caller => caller;

        public bool Waited { get; set; }

        public TimeSpan Elapsed => owner._time.GetElapsedTime(_started);

        public TimeSpan Remaining => owner._maxQueueWait - Elapsed;

        public CancellationToken Token
        {
            get
            {
                if (_linked is null)
                {
                    var remaining = Remaining;
                    _deadline = owner._maxQueueWait > LongestTimerDelay
                        ? null
                        : new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, owner._time);
                    _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, owner._disposing.Token, _deadline?.Token ?? default);
                }

                return _linked.Token;
            }
        }

        public void Dispose()
        {
            _linked?.Dispose();
            _deadline?.Dispose();
        }
    }
}
