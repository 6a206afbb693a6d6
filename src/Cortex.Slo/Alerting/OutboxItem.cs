namespace Cortex.Slo.Alerting;

/// <summary>A notification waiting in a channel's outbox, with its retry state.</summary>
internal sealed class OutboxItem(AlertNotification notification, DateTimeOffset enqueuedAt)
{
    public AlertNotification Notification { get; } = notification;

    public DateTimeOffset EnqueuedAt { get; } = enqueuedAt;

    /// <summary>Gets or sets the number of failed attempts so far.</summary>
    public int FailedAttempts { get; set; }

    /// <summary>Gets or sets why the last attempt failed (no secrets), or <see langword="null"/>.</summary>
    public string? LastError { get; set; }

    /// <summary>Gets the record kept for inspection when the notification is given up.</summary>
    public UndeliveredNotification GivenUp(string channel, DateTimeOffset at, string reason) => new()
    {
        Channel = channel,
        Key = Notification.Key,
        Group = Notification.GroupName,
        Alerts = Notification.Alerts,
        QueuedAt = EnqueuedAt,
        GivenUpAt = at,
        FailedAttempts = FailedAttempts,
        Reason = reason,
    };

    /// <summary>Gets or sets the earliest time of the next attempt.</summary>
    public DateTimeOffset NextAttemptAt { get; set; } = enqueuedAt;
}
