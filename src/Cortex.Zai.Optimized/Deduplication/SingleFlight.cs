using System.Collections.Concurrent;

namespace Cortex.Zai.Optimized.Deduplication;

/// <summary>
/// Identical requests share one piece of work: the first starts it, later ones join it while it runs and, once it has
/// succeeded, for the dedup window. A joiner's cancellation only stops it waiting; the shared work is cancelled when
/// every caller has given up. A failure is handed to those already waiting, never to later callers.
/// </summary>
internal sealed class SingleFlight<T>(TimeProvider time, TimeSpan window)
{
    private readonly ConcurrentDictionary<string, Flight> _flights = new(StringComparer.Ordinal);

    public int Count => _flights.Count;

    /// <returns>The result, and whether this caller joined another's work.</returns>
    public async Task<(T Value, bool Joined)> RunAsync(string key, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_flights.TryGetValue(key, out var existing))
            {
                if (existing.TryJoin(time, window))
                {
                    return (await existing.WaitAsync(cancellationToken).ConfigureAwait(false), true);
                }

                _flights.TryRemove(new KeyValuePair<string, Flight>(key, existing));
                continue;
            }

            var flight = new Flight();
            if (!_flights.TryAdd(key, flight))
            {
                continue;
            }

            flight.Start(work, () => _flights.TryRemove(new KeyValuePair<string, Flight>(key, flight)), time, window);
            return (await flight.WaitAsync(cancellationToken).ConfigureAwait(false), false);
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The token source has no timer and no registrations outlive the flight; nothing to release.")]
    private sealed class Flight
    {
        private readonly CancellationTokenSource _cancel = new();
        private readonly Lock _lock = new();
        private Task<T>? _task;
        private int _waiters = 1;
        private long _completedAt = -1;
        private bool _abandoned;
        private ITimer? _expiry;

        public bool TryJoin(TimeProvider time, TimeSpan window)
        {
            lock (_lock)
            {
                if (_abandoned || _task is null || _task.IsFaulted || _task.IsCanceled)
                {
                    return false;
                }

                if (_completedAt >= 0 && time.GetElapsedTime(_completedAt) > window)
                {
                    return false;
                }

                _waiters++;
                return true;
            }
        }

        public void Start(Func<CancellationToken, Task<T>> work, Action remove, TimeProvider time, TimeSpan window)
        {
            // Started inline (no thread-pool hop): the work is asynchronous, and a synchronous failure becomes a faulted task.
            try
            {
                _task = work(_cancel.Token);
            }
            catch (Exception ex)
            {
                _task = Task.FromException<T>(ex);
            }

            _ = _task.ContinueWith(
                t =>
                {
                    if (t.IsCompletedSuccessfully && window > TimeSpan.Zero)
                    {
                        lock (_lock)
                        {
                            _completedAt = time.GetTimestamp();
                        }

                        // Dropped from the map when the window closes, so memory does not grow with distinct requests.
                        // The flight holds the timer so it is not collected before it fires.
                        _expiry = time.CreateTimer(
                            static s =>
                            {
                                var (flight, remove) = ((Flight, Action))s!;
                                remove();
                                flight._expiry?.Dispose();
                            },
                            (this, remove),
                            window,
                            Timeout.InfiniteTimeSpan);
                    }
                    else
                    {
                        remove();
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        public async Task<T> WaitAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await _task!.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !_task!.IsCompleted)
            {
                Leave();
                throw;
            }
        }

        private void Leave()
        {
            lock (_lock)
            {
                if (--_waiters > 0 || _task!.IsCompleted)
                {
                    return;
                }

                _abandoned = true;
            }

            _cancel.Cancel();
        }
    }
}
