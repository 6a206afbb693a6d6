namespace Cortex.Slo.Alerting;

/// <summary>The result of one delivery attempt. <see cref="Reason"/> is safe to log: it never holds a URL or a password.</summary>
/// <param name="Outcome">Delivered, to be retried, or refused for good.</param>
/// <param name="Reason">Why it was not delivered (a status code, an error kind), or empty.</param>
/// <param name="RetryAfter">The delay the channel asked for (HTTP Retry-After), if any.</param>
internal readonly record struct DeliveryResult(DeliveryOutcome Outcome, string Reason, TimeSpan? RetryAfter = null)
{
    public static DeliveryResult Delivered { get; } = new(DeliveryOutcome.Delivered, string.Empty);

    public static DeliveryResult Retry(string reason, TimeSpan? retryAfter = null) => new(DeliveryOutcome.Retry, reason, retryAfter);

    public static DeliveryResult Rejected(string reason) => new(DeliveryOutcome.Rejected, reason);
}
