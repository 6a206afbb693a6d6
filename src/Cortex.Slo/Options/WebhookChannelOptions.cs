namespace Cortex.Slo;

/// <summary>A webhook that receives an Alertmanager-v4-like JSON payload (<c>ALERT_WEBHOOK_URL</c>). The URL is a secret: it never appears in logs or reports.</summary>
public sealed class WebhookChannelOptions
{
    /// <summary>Gets or sets the URL; <see langword="null"/> turns the channel off.</summary>
    public Uri? Url { get; set; }
}
