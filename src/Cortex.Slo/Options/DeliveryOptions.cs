namespace Cortex.Slo;

/// <summary>
/// The alert outbox's retry policy: a notification a channel could not take is retried with exponential backoff until
/// the channel is back or <see cref="MaxAge"/> passes; a 4xx answer other than 429 is not retried.
/// </summary>
public sealed class DeliveryOptions
{
    /// <summary>Gets or sets the first retry delay.</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets the longest retry delay; <see cref="AlertingOptions.GroupInterval"/> when that is shorter, so what queued
    /// during an outage arrives within GroupInterval of the channel's return (a Retry-After the channel asks for is kept).
    /// </summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how long a notification is retried before it is given up and reported.</summary>
    /// <value>The default is 24 hours.</value>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Gets or sets how long one delivery attempt may take.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
