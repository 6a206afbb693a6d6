namespace Cortex.Slo;

/// <summary>The body the webhook channel posts.</summary>
public enum WebhookFormat
{
    /// <summary>Slack's message for a Slack incoming-webhook URL (host <c>hooks.slack.com</c> or <c>hooks.slack-gov.com</c>), else Alertmanager's webhook JSON.</summary>
    Auto = 0,

    /// <summary>Alertmanager's webhook JSON (version 4), which receivers written for Alertmanager read unchanged.</summary>
    Alertmanager = 1,

    /// <summary>A Slack incoming-webhook message, paced as <see cref="SlackChannelOptions.MinInterval"/> says.</summary>
    Slack = 2,
}
