using System.Threading.RateLimiting;

namespace Cortex.Zai.Optimized.RateLimiting;

/// <summary>
/// A token bucket with a FIFO wait queue, on a <see cref="TimeProvider"/>. <see cref="TokenBucketRateLimiter"/> cannot
/// serve here: it takes no TimeProvider, and since .NET 7 even its manual <c>TryReplenish()</c> adds tokens for the
/// real <c>Stopwatch</c> time elapsed (dotnet/runtime#74360, #106447), so a FakeTimeProvider test could not be exact.
/// </summary>
/// <remarks>
/// Refill is continuous and counted in integers: a token is <c>60 × TimestampFrequency</c> units and every timestamp
/// tick adds <c>tokensPerMinute</c> units, so at 100 per minute a token comes every 0.6 s to the tick, with no
/// rounding drift. A timer on the TimeProvider wakes the queue when its first request can be served (rounded up to
/// the millisecond, the resolution of system timers); how many tokens there are is always computed from timestamps,
/// never from how often the timer fired. While requests wait, the tokens that accrue go to them before the bucket is
/// capped at its limit, so a late timer loses nothing.
/// </remarks>
internal sealed class TimeProviderTokenBucket : RateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(isAcquired: true);
    private static readonly RateLimitLease Denied = new Lease(isAcquired: false);

    private readonly TimeProvider _time;
    private readonly long _unitsPerTick;
    private readonly Int128 _unitsPerToken;
    private readonly Int128 _capacity;
    private readonly int _queueLimit;
    private readonly ITimer _timer;
    private readonly LinkedList<Request> _queue = new();
    private readonly Lock _lock = new();
    private Int128 _units;
    private long _lastRefill;
    private long _fullSince;
    private int _queuedPermits;
    private long _successful;
    private long _failed;
    private bool _disposed;

    /// <param name="tokensPerMinute">The refill rate; at least 1 is used.</param>
    /// <param name="tokenLimit">The bucket's size, which it starts with; at least 1 is used.</param>
    /// <param name="queueLimit">How many permits may wait; beyond it a request fails at once.</param>
    /// <param name="time">The clock and timers.</param>
    public TimeProviderTokenBucket(int tokensPerMinute, int tokenLimit, int queueLimit, TimeProvider time)
    {
        _time = time;
        TokensPerMinute = Math.Max(1, tokensPerMinute);
        TokenLimit = Math.Max(1, tokenLimit);
        _unitsPerTick = TokensPerMinute;
        _unitsPerToken = (Int128)60 * time.TimestampFrequency;
        _capacity = _unitsPerToken * TokenLimit;
        _units = _capacity;
        _queueLimit = Math.Max(0, queueLimit);
        _lastRefill = _fullSince = time.GetTimestamp();
        _timer = time.CreateTimer(static state => ((TimeProviderTokenBucket)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int TokensPerMinute { get; }

    public int TokenLimit { get; }

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                Refill();
                return _queue.Count == 0 && _units == _capacity ? _time.GetElapsedTime(_fullSince) : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            Refill();
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = (long)(_units / _unitsPerToken),
                CurrentQueuedCount = _queuedPermits,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ValidatePermitCount(permitCount);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Refill();
            return TryTake(permitCount) ? Granted : Fail();
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ValidatePermitCount(permitCount);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<RateLimitLease>(cancellationToken);
        }

        Request request;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Refill();
            if (TryTake(permitCount))
            {
                return new ValueTask<RateLimitLease>(Granted);
            }

            if (permitCount == 0 || _queuedPermits + permitCount > _queueLimit)
            {
                return new ValueTask<RateLimitLease>(Fail());
            }

            request = new Request(this, permitCount);
            request.Node = _queue.AddLast(request);
            _queuedPermits += permitCount;
            if (_queue.First == request.Node)
            {
                ArmTimer();
            }
        }

        // Registered outside the lock: an already cancelled token runs the callback here, and it takes the lock.
        request.Registration = cancellationToken.UnsafeRegister(
            static (state, token) => ((Request)state!).Owner.Cancel((Request)state!, token), request);
        if (request.Task.IsCompleted)
        {
            request.Registration.Unregister();
        }

        return new ValueTask<RateLimitLease>(request.Task);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_lock)
            {
                if (!_disposed)
                {
                    _disposed = true;
                    _timer.Dispose();
                    while (_queue.First is { } node)
                    {
                        _queue.RemoveFirst();
                        node.Value.Complete(Denied);
                    }

                    _queuedPermits = 0;
                }
            }
        }

        base.Dispose(disposing);
    }

    protected override ValueTask DisposeAsyncCore()
    {
        Dispose(true);
        return base.DisposeAsyncCore();
    }

    private void ValidatePermitCount(int permitCount) =>
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)permitCount, (uint)TokenLimit, nameof(permitCount));

    private RateLimitLease Fail()
    {
        _failed++;
        return Denied;
    }

    private bool TryTake(int permitCount)
    {
        if (_queue.Count > 0 || _units < _unitsPerToken * Math.Max(permitCount, 1))
        {
            return false;
        }

        _units -= _unitsPerToken * permitCount;
        _successful++;
        return true;
    }

    // Accrues the tokens earned since the last refill, hands them to waiting requests in order, then caps the rest.
    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = now - _lastRefill;
        if (elapsed <= 0)
        {
            return;
        }

        var before = _units;
        var units = before + ((Int128)elapsed * _unitsPerTick);
        _lastRefill = now;
        while (_queue.First is { } head && units >= _unitsPerToken * head.Value.Permits)
        {
            units -= _unitsPerToken * head.Value.Permits;
            _queue.RemoveFirst();
            _queuedPermits -= head.Value.Permits;
            _successful++;
            head.Value.Complete(Granted);
        }

        if (units >= _capacity)
        {
            if (before < _capacity)
            {
                _fullSince = now - (long)((units - _capacity) / _unitsPerTick);
            }

            units = _capacity;
        }

        _units = units;
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            Refill();
            ArmTimer();
        }
    }

    private void ArmTimer()
    {
        if (_queue.First is not { } head)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var missing = (_unitsPerToken * head.Value.Permits) - _units;
        var ticks = (missing + _unitsPerTick - 1) / _unitsPerTick;
        var timeSpanTicks = ((ticks * TimeSpan.TicksPerSecond) + _time.TimestampFrequency - 1) / _time.TimestampFrequency;
        var milliseconds = (long)Int128.Clamp((timeSpanTicks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond, 1, uint.MaxValue - 1);
        _timer.Change(TimeSpan.FromMilliseconds(milliseconds), Timeout.InfiniteTimeSpan);
    }

    private void Cancel(Request request, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (request.Node?.List is null)
            {
                return;
            }

            var wasHead = _queue.First == request.Node;
            _queue.Remove(request.Node);
            _queuedPermits -= request.Permits;
            request.TrySetCanceled(cancellationToken);
            if (wasHead && !_disposed)
            {
                ArmTimer();
            }
        }
    }

    private sealed class Request(TimeProviderTokenBucket owner, int permits) : TaskCompletionSource<RateLimitLease>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public TimeProviderTokenBucket Owner { get; } = owner;

        public int Permits { get; } = permits;

        public LinkedListNode<Request>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        public void Complete(RateLimitLease lease)
        {
            // Unregister, not Dispose: Dispose would wait for a running callback, which waits for the lock we hold.
            Registration.Unregister();
            TrySetResult(lease);
        }
    }

    private sealed class Lease(bool isAcquired) : RateLimitLease
    {
        public override bool IsAcquired { get; } = isAcquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
