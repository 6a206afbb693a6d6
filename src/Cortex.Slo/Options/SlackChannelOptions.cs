namespace Cortex.Slo;

/// <summary>A Slack incoming webhook. The URL is a secret: it never appears in logs or reports.</summary>
public sealed class SlackChannelOptions
{
    /// <summary>Gets or sets the incoming-webhook URL; <see langword="null"/> turns the channel off.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Gets or sets the least time between two messages (Slack allows about one per second per webhook).</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(1);
}
