namespace Cortex.Qdrant.Pooling.Internal;

/// <summary>
/// The waiting line for a connection when every connection is at capacity: ordered by priority, then arrival; bounded.
/// Hand-written because System.Threading.RateLimiting limiters queue in arrival order only.
/// A released slot wakes the first waiter, which then takes a connection itself (or queues again in its place).
/// </summary>
internal sealed class RequestQueue
{
    private readonly PriorityQueue<Waiter, (int Priority, long Sequence)> _queue = new();
    private readonly Lock _lock = new();
    private long _sequence;
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public Waiter? TryEnqueue(QdrantRequestPriority priority, int maxSize)
    {
        lock (_lock)
        {
            if (_count >= maxSize)
            {
                return null;
            }

            var waiter = new Waiter(-(int)priority, ++_sequence);
            _queue.Enqueue(waiter, (waiter.Priority, waiter.Sequence));
            _count++;
            return waiter;
        }
    }

    /// <summary>Puts a woken waiter that found no free connection back in its original place.</summary>
    public void Requeue(Waiter waiter)
    {
        lock (_lock)
        {
            waiter.Reset();
            _queue.Enqueue(waiter, (waiter.Priority, waiter.Sequence));
            _count++;
        }
    }

    /// <summary>Wakes the first live waiter, if any. Called whenever a connection slot is freed.</summary>
    public void SignalOne()
    {
        if (Volatile.Read(ref _count) == 0)
        {
            return;
        }

        lock (_lock)
        {
            while (_queue.TryDequeue(out var waiter, out _))
            {
                if (waiter.TrySignal())
                {
                    _count--;
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Takes a waiter out of the line (it timed out, was cancelled, or found a connection by itself). Returns
    /// <see langword="false"/> when it had already been woken: the caller must then pass the wake-up on.
    /// </summary>
    public bool Leave(Waiter waiter)
    {
        lock (_lock)
        {
            // The entry stays in the heap and is skipped when it surfaces; only the live count changes.
            if (waiter.TryAbandon())
            {
                _count--;
                return true;
            }

            return false;
        }
    }

    internal sealed class Waiter(int priority, long sequence)
    {
        private const int Waiting = 0;
        private const int Signaled = 1;
        private const int Abandoned = 2;
        private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _state;

        public int Priority { get; } = priority;

        public long Sequence { get; } = sequence;

        public Task Signal => _signal.Task;

        public bool TrySignal()
        {
            if (Interlocked.CompareExchange(ref _state, Signaled, Waiting) != Waiting)
            {
                return false;
            }

            _signal.TrySetResult();
            return true;
        }

        public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Waiting) == Waiting;

        public void Reset()
        {
            _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _state, Waiting);
        }
    }
}
