namespace Cortex.Slo.Alerting;

/// <summary>
/// A background loop that runs a step, then sleeps on the <see cref="TimeProvider"/> until the time the step returned or
/// until <see cref="Wake"/> is called. A step that throws is logged through <c>onError</c> and retried a second later, so
/// the loop never dies while the host runs.
/// </summary>
internal sealed class DueLoop(TimeProvider timeProvider, Func<DateTimeOffset, CancellationToken, Task<DateTimeOffset?>> step, Action<Exception> onError)
{
    private static readonly TimeSpan PauseAfterError = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MoveTolerance = TimeSpan.FromMilliseconds(1);
    private const int MostRearms = 4;

    private readonly Lock _gate = new();
    private TaskCompletionSource _wake = NewSignal();
    private bool _waiting;
    private DateTimeOffset _armedUntil = DateTimeOffset.MaxValue;

    /// <summary>
    /// Gets whether the loop is asleep with nothing due: no pending wake-up and its timer not yet expired. Tests advance a
    /// fake clock only when every loop is idle, so that no attempt is cut by a timeout it never really waited for.
    /// </summary>
    public bool IsIdle
    {
        get
        {
            lock (_gate)
            {
                return _waiting && !_wake.Task.IsCompleted && _armedUntil > timeProvider.GetUtcNow();
            }
        }
    }

    /// <summary>Asks the loop to run its step now (or as soon as the running step returns).</summary>
    public void Wake()
    {
        lock (_gate)
        {
            _wake.TrySetResult();
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Task wake;
            lock (_gate)
            {
                _waiting = false;
                if (_wake.Task.IsCompleted)
                {
                    _wake = NewSignal();
                }

                wake = _wake.Task;
            }

            DateTimeOffset? due;
            try
            {
                due = await step(timeProvider.GetUtcNow(), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop must outlive any failure of a step: alerts would stop otherwise.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                onError(ex);
                due = timeProvider.GetUtcNow() + PauseAfterError;
            }

            await SleepAsync(due, wake, cancellationToken);
        }
    }

    private async Task SleepAsync(DateTimeOffset? due, Task wake, CancellationToken cancellationToken)
    {
        for (var armed = 0; !cancellationToken.IsCancellationRequested; armed++)
        {
            var now = timeProvider.GetUtcNow();
            if (due <= now || wake.IsCompleted)
            {
                return;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = due is { } at
                ? Task.Delay(at - now, timeProvider, stop.Token)
                : Task.Delay(Timeout.Infinite, stop.Token);

            // The timer counts from the clock as it was when it was created: if a test moved a fake clock since `now` was
            // read, the timer would fire late by that much, so it is armed again. Only a move of more than MoveTolerance,
            // and a few times at most: a real clock moves between any two reads, and a loop that re-armed until it did not
            // would spin without ever sleeping or seeing a wake-up.
            if (due is not null && armed < MostRearms && timeProvider.GetUtcNow() - now > MoveTolerance)
            {
                await stop.CancelAsync();
                continue;
            }

            lock (_gate)
            {
                _armedUntil = due ?? DateTimeOffset.MaxValue;
                _waiting = true;
            }

            await Task.WhenAny(delay, wake);
            await stop.CancelAsync();
            return;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
