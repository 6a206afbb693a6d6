namespace Cortex.Slo.Alerting;

/// <summary>What a channel made of one delivery attempt.</summary>
internal enum DeliveryOutcome
{
    /// <summary>The channel accepted the notification.</summary>
    Delivered,

    /// <summary>The channel could not take it now (down, timeout, 5xx, 429): try again later.</summary>
    Retry,

    /// <summary>The channel refused it for good (4xx other than 429, a rejected login): retrying cannot help.</summary>
    Rejected,
}
