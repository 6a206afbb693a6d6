using System.Collections.Concurrent;

namespace Cortex.Zai.Optimized.Deduplication;

/// <summary>
/// Identical requests share one piece of work: the first starts it, later ones join it while it runs and, when the
/// caller allows it, for the dedup window after it has succeeded. A joiner's cancellation only stops it waiting; the
/// shared work is cancelled when every caller has given up. A failure is handed to those already waiting, never to
/// later callers.
/// </summary>
internal sealed class SingleFlight<T>(TimeProvider time, TimeSpan window)
{
    private readonly ConcurrentDictionary<string, Flight> _flights = new(StringComparer.Ordinal);

    public int Count => _flights.Count;

    /// <param name="key">What makes two requests identical.</param>
    /// <param name="work">The work, started at most once per flight.</param>
    /// <param name="reuseFinished">Whether a finished flight is handed to later callers for the window (a deterministic answer), or only to those who joined while it ran.</param>
    /// <param name="cancellationToken">Stops this caller waiting.</param>
    /// <returns>The result, and whether this caller joined another's work.</returns>
    public async Task<(T Value, bool Joined)> RunAsync(string key, Func<CancellationToken, Task<T>> work, bool reuseFinished, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_flights.TryGetValue(key, out var existing))
            {
                if (existing.TryJoin(time))
                {
                    return (await existing.WaitAsync(cancellationToken).ConfigureAwait(false), true);
                }

                // Refused only when it can never be joined again (failed, abandoned, finished and not reusable, or past
                // its window): a live flight always takes a joiner, so this never evicts work in progress.
                _flights.TryRemove(new KeyValuePair<string, Flight>(key, existing));
                continue;
            }

            // The flight's result exists before the flight is published, so a joiner never sees a flight without one.
            var flight = new Flight(reuseFinished ? window : TimeSpan.Zero);
            if (!_flights.TryAdd(key, flight))
            {
                continue;
            }

            flight.Start(work, () => _flights.TryRemove(new KeyValuePair<string, Flight>(key, flight)), time);
            return (await flight.WaitAsync(cancellationToken).ConfigureAwait(false), false);
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The token source has no timer and no registrations outlive the flight; nothing to release.")]
    private sealed class Flight(TimeSpan reuseWindow)
    {
        private readonly CancellationTokenSource _cancel = new();
        private readonly Lock _lock = new();
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _waiters = 1;
        private long _completedAt = -1;
        private bool _failed;
        private bool _abandoned;
        private ITimer? _expiry;

        public bool TryJoin(TimeProvider time)
        {
            lock (_lock)
            {
                if (_abandoned || _failed)
                {
                    return false;
                }

                if (_completedAt >= 0 && (reuseWindow <= TimeSpan.Zero || time.GetElapsedTime(_completedAt) >= reuseWindow))
                {
                    return false;
                }

                _waiters++;
                return true;
            }
        }

        public void Start(Func<CancellationToken, Task<T>> work, Action remove, TimeProvider time)
        {
            // Started inline (no thread-pool hop): the work is asynchronous, and a synchronous failure becomes a faulted task.
            Task<T> task;
            try
            {
                task = work(_cancel.Token);
            }
            catch (Exception ex)
            {
                task = Task.FromException<T>(ex);
            }

            _ = task.ContinueWith(
                static (t, state) =>
                {
                    var (flight, remove, time) = ((Flight, Action, TimeProvider))state!;
                    flight.Finish(t, remove, time);
                },
                (this, remove, time),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        public async Task<T> WaitAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await _result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !_result.Task.IsCompleted)
            {
                Leave();
                throw;
            }
        }

        private void Finish(Task<T> task, Action remove, TimeProvider time)
        {
            var succeeded = task.IsCompletedSuccessfully;
            lock (_lock)
            {
                if (succeeded)
                {
                    _completedAt = time.GetTimestamp();
                }
                else
                {
                    _failed = true;
                }
            }

            // Completed before anything that could throw below, so no caller is ever left waiting.
            if (succeeded)
            {
                _result.TrySetResult(task.Result);
            }
            else if (task.IsCanceled)
            {
                _result.TrySetCanceled();
            }
            else
            {
                _result.TrySetException(task.Exception!.InnerExceptions);
            }

            if (!succeeded || reuseWindow <= TimeSpan.Zero)
            {
                remove();
                return;
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
                reuseWindow,
                Timeout.InfiniteTimeSpan);
        }

        private void Leave()
        {
            lock (_lock)
            {
                if (--_waiters > 0 || _result.Task.IsCompleted)
                {
                    return;
                }

                _abandoned = true;
            }

            _cancel.Cancel();
        }
    }
}
