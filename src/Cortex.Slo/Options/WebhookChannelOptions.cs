namespace Cortex.Slo;

/// <summary>A webhook (<c>ALERT_WEBHOOK_URL</c>) that receives Alertmanager's webhook JSON, or a Slack message when the URL is a Slack incoming webhook. The URL is a secret: it never appears in logs or reports.</summary>
public sealed class WebhookChannelOptions
{
    /// <summary>Gets or sets the URL; <see langword="null"/> turns the channel off.</summary>
    public Uri? Url { get; set; }

    /// <summary>Gets or sets the body posted (<c>ALERT_WEBHOOK_FORMAT</c>: auto, alertmanager or slack).</summary>
    /// <value>The default is <see cref="WebhookFormat.Auto"/>: a Slack message to a Slack incoming-webhook URL, Alertmanager's JSON to any other.</value>
    public WebhookFormat Format { get; set; } = WebhookFormat.Auto;

    /// <summary>Gets the format <see cref="Format"/> means for <see cref="Url"/>: <see cref="WebhookFormat.Auto"/> resolved by the URL's host.</summary>
    /// <returns><see cref="WebhookFormat.Alertmanager"/> or <see cref="WebhookFormat.Slack"/>.</returns>
    public WebhookFormat EffectiveFormat() => Format switch
    {
        WebhookFormat.Auto when Url is { IsAbsoluteUri: true } url && IsSlackHost(url.Host) => WebhookFormat.Slack,
        WebhookFormat.Auto => WebhookFormat.Alertmanager,
        _ => Format,
    };

    private static bool IsSlackHost(string host) =>
        host.Equals("hooks.slack.com", StringComparison.OrdinalIgnoreCase) || host.Equals("hooks.slack-gov.com", StringComparison.OrdinalIgnoreCase);
}
