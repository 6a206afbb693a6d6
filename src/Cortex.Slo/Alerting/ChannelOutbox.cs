using Microsoft.Extensions.Logging;

namespace Cortex.Slo.Alerting;

/// <summary>
/// One channel's outbox: a FIFO of notifications delivered one at a time, in order. A failed attempt (down, timeout, 5xx,
/// 429) keeps the notification at the head and retries it with exponential backoff (or after the Retry-After the channel
/// asked for); what queued behind it waits, so that when the channel comes back everything arrives once and in order.
/// A refusal (4xx other than 429) or a notification older than <see cref="DeliveryOptions.MaxAge"/> is given up and reported.
/// </summary>
internal sealed class ChannelOutbox
{
    /// <summary>The most notifications kept per channel; past it the oldest is given up and reported, so a channel down for days cannot exhaust memory.</summary>
    internal const int Capacity = 10_000;

    private readonly IAlertChannel _channel;
    private readonly DeliveryOptions _delivery;
    private readonly TimeSpan _minInterval;
    private readonly TimeSpan _longestBackoff;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Action<AlertNotification, UndeliveredNotification?, string?> _left;
    private readonly AlertMetrics _metrics;
    private readonly Lock _gate = new();
    private readonly Queue<OutboxItem> _queue = new();
    private DateTimeOffset _lastAttemptAt = DateTimeOffset.MinValue;

    /// <param name="channel">The channel.</param>
    /// <param name="delivery">The retry policy.</param>
    /// <param name="minInterval">The least time between two attempts (Slack's pacing), or zero.</param>
    /// <param name="longestBackoff">
    /// The longest wait between two attempts of our own choosing (a Retry-After asked for is kept): the grouping's
    /// GroupInterval when shorter than MaxBackoff, so that what queued during an outage arrives within GroupInterval of the
    /// channel's return.
    /// </param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The log.</param>
    /// <param name="metrics">Counts what leaves the outbox.</param>
    /// <param name="left">
    /// Told of each notification that leaves the outbox: delivered (with no record), or given up (with the record kept for
    /// inspection and its one-line account; no secrets).
    /// </param>
    public ChannelOutbox(IAlertChannel channel, DeliveryOptions delivery, TimeSpan minInterval, TimeSpan longestBackoff, TimeProvider timeProvider, ILogger logger, AlertMetrics metrics, Action<AlertNotification, UndeliveredNotification?, string?> left)
    {
        _channel = channel;
        _delivery = delivery;
        _minInterval = minInterval;
        _longestBackoff = longestBackoff < delivery.MaxBackoff ? longestBackoff : delivery.MaxBackoff;
        _timeProvider = timeProvider;
        _logger = logger;
        _left = left;
        _metrics = metrics;
        Loop = new DueLoop(timeProvider, StepAsync, ex => AlertLog.LoopFailed(logger, channel.Name + " outbox", ex));
    }

    public string Name => _channel.Name;

    public IAlertChannel Channel => _channel;

    public DueLoop Loop { get; }

    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public void Enqueue(AlertNotification notification) => Enqueue(new OutboxItem(notification, _timeProvider.GetUtcNow()));

    /// <summary>Queues what a previous process left queued (read back from the journal), to be attempted at once, in order.</summary>
    public void Restore(IEnumerable<OutboxItem> items)
    {
        foreach (var item in items)
        {
            Enqueue(item);
        }
    }

    /// <summary>Gets the queued notifications, oldest first.</summary>
    public IReadOnlyList<OutboxItem> Snapshot()
    {
        lock (_gate)
        {
            return [.. _queue];
        }
    }

    private void Enqueue(OutboxItem item)
    {
        OutboxItem? dropped = null;
        lock (_gate)
        {
            if (_queue.Count >= Capacity)
            {
                dropped = _queue.Dequeue();
            }

            _queue.Enqueue(item);
        }

        if (dropped is not null)
        {
            GiveUp(dropped, $"the outbox holds {Capacity} notifications already", AlertMetrics.Overflow);
        }

        Loop.Wake();
    }

    /// <summary>Makes one attempt bounded by <see cref="DeliveryOptions.Timeout"/> (on the TimeProvider); a timeout or an unexpected exception is a failure to retry.</summary>
    public async Task<DeliveryResult> AttemptAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_delivery.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await _channel.SendAsync(notification, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Retry($"no answer within {_delivery.Timeout.TotalSeconds:0.###} s");
        }
#pragma warning disable CA1031 // A channel's bug must not lose the notification: it stays queued and is retried.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            // The type only: an exception's message may quote the address it failed on.
            return DeliveryResult.Retry(ex.GetType().Name);
        }
    }

    private async Task<DateTimeOffset?> StepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        while (true)
        {
            OutboxItem? head;
            lock (_gate)
            {
                if (!_queue.TryPeek(out head))
                {
                    return null;
                }
            }

            if (now - head.EnqueuedAt >= _delivery.MaxAge)
            {
                Remove(head);
                GiveUp(head, $"not delivered within {_delivery.MaxAge} (last error: {head.LastError ?? "none"})", AlertMetrics.Expired);
                continue;
            }

            var notBefore = Later(head.NextAttemptAt, _lastAttemptAt + _minInterval);
            if (notBefore > now)
            {
                return notBefore;
            }

            var result = await AttemptAsync(head.Notification, cancellationToken);
            now = _timeProvider.GetUtcNow();
            _lastAttemptAt = now;
            switch (result.Outcome)
            {
                case DeliveryOutcome.Delivered:
                    Remove(head);
                    if (head.FailedAttempts > 0)
                    {
                        AlertLog.ChannelBack(_logger, Name, head.FailedAttempts);
                    }

                    AlertLog.Delivered(_logger, head.Notification.Describe(), Name);
                    _metrics.Count(Name, AlertMetrics.Delivered);
                    _left(head.Notification, null, null);
                    break;
                case DeliveryOutcome.Rejected:
                    Remove(head);
                    head.FailedAttempts++;
                    GiveUp(head, $"{result.Reason}, not retried", AlertMetrics.Refused);
                    break;
                default:
                    head.FailedAttempts++;
                    head.LastError = result.Reason;
                    var delay = result.RetryAfter ?? Backoff(_delivery, head.FailedAttempts, _longestBackoff);
                    head.NextAttemptAt = now + delay;
                    AlertLog.WillRetry(_logger, Name, result.Reason, delay, Pending);
                    return head.NextAttemptAt;
            }
        }
    }

    /// <summary>Gets the wait after <paramref name="failedAttempts"/> failures: InitialBackoff doubling, at most <paramref name="longest"/> (never under InitialBackoff).</summary>
    internal static TimeSpan Backoff(DeliveryOptions delivery, int failedAttempts, TimeSpan longest)
    {
        var factor = Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(delivery.InitialBackoff.Ticks * factor, longest.Ticks));
        return delay < delivery.InitialBackoff ? delivery.InitialBackoff : delay;
    }

    private void Remove(OutboxItem item)
    {
        lock (_gate)
        {
            if (_queue.TryPeek(out var head) && ReferenceEquals(head, item))
            {
                _queue.Dequeue();
            }
        }
    }

    private void GiveUp(OutboxItem item, string reason, string outcome)
    {
        var kept = item.GivenUp(Name, _timeProvider.GetUtcNow(), reason);
        var account = $"{kept.GivenUpAt:O} {Name}: gave up the {item.Notification.Describe()} after {kept.FailedAttempts} failed attempts: {reason}";
        AlertLog.GaveUp(_logger, account);
        _metrics.Count(Name, outcome);
        _left(item.Notification, kept, account);
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
