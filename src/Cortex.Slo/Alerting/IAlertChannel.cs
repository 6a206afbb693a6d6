namespace Cortex.Slo.Alerting;

/// <summary>A configured destination of notifications (webhook, Slack, email).</summary>
internal interface IAlertChannel
{
    /// <summary>Gets the channel's name (<see cref="AlertChannels"/>), the only thing about it that logs and reports show.</summary>
    string Name { get; }

    /// <summary>Makes one attempt to deliver <paramref name="notification"/>.</summary>
    /// <returns>The outcome; transport failures are returned, not thrown. Cancellation is thrown.</returns>
    Task<DeliveryResult> SendAsync(AlertNotification notification, CancellationToken cancellationToken);
}
