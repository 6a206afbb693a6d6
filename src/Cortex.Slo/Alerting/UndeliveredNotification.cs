namespace Cortex.Slo.Alerting;

/// <summary>
/// A notification a channel refused (an HTTP 4xx other than 408 and 429, a refused SMTP login) or never took within
/// <see cref="DeliveryOptions.MaxAge"/>: kept, with its alerts, for inspection. Holds no URL and no password.
/// </summary>
public sealed record UndeliveredNotification
{
    /// <summary>Gets the channel's name (<see cref="AlertChannels"/>).</summary>
    public required string Channel { get; init; }

    /// <summary>Gets the notification's idempotency key (the <c>Idempotency-Key</c> header and the payload's <c>idempotencyKey</c>).</summary>
    public required string Key { get; init; }

    /// <summary>Gets the group's name (the <c>alertname</c> group label).</summary>
    public required string Group { get; init; }

    /// <summary>Gets the alerts the notification carried, as they were when it was queued.</summary>
    public required IReadOnlyList<Alert> Alerts { get; init; }

    /// <summary>Gets when the notification was queued.</summary>
    public DateTimeOffset QueuedAt { get; init; }

    /// <summary>Gets when it was given up.</summary>
    public DateTimeOffset GivenUpAt { get; init; }

    /// <summary>Gets how many attempts failed.</summary>
    public int FailedAttempts { get; init; }

    /// <summary>Gets why it was given up, for example <c>HTTP 400 (BadRequest), not retried</c>.</summary>
    public required string Reason { get; init; }
}
