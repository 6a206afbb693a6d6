namespace Cortex.Slo;

/// <summary>How alerts are grouped, repeated, escalated and delivered (after Prometheus Alertmanager).</summary>
public sealed class AlertingOptions
{
    /// <summary>
    /// Gets the labels alerts are grouped by (Alertmanager's <c>group_by</c>): alerts with the same values of these labels
    /// make one group and one notification. An empty list puts every alert in one group. Labels: <c>alertname</c>,
    /// <c>slo</c>, <c>severity</c>, <c>service</c> and the alert's own (<c>window</c>, <c>operation</c>, ...).
    /// </summary>
    /// <value>The default is <c>alertname</c>: ten per-operation latency alerts make one notification.</value>
    public IList<string> GroupBy { get; } = ["alertname"];

    /// <summary>Gets the inhibit rules; a list given in configuration replaces the default.</summary>
    /// <value>The default is one rule: while an SLO has a firing critical alert, its warning alerts are muted (source <c>severity = critical</c>, target <c>severity = warning</c>, equal <c>slo</c>).</value>
    public IList<InhibitRule> InhibitRules { get; } = [DefaultInhibitRule()];

    /// <summary>Gets or sets how long a new group of alerts waits for more before its first notification.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan GroupWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long a notified group waits before notifying alerts added to it.</summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan GroupInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how long before a still-firing group is notified again.</summary>
    /// <value>The default is 4 hours.</value>
    public TimeSpan RepeatInterval { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Gets or sets how long after it resolves an alert cannot fire again (flap damping).</summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the escalation levels; an unacknowledged alert climbs them, each notifying its own channels.</summary>
    /// <value>The default: L1 at once (Slack, webhook), L2 after 5 min (email), L3 after 15 min (webhook), L4 after 30 min (email, webhook).</value>
    public IList<EscalationLevel> Escalation { get; } =
    [
        new() { Level = 1, Delay = TimeSpan.Zero, Channels = { AlertChannels.Slack, AlertChannels.Webhook } },
        new() { Level = 2, Delay = TimeSpan.FromMinutes(5), Channels = { AlertChannels.Email } },
        new() { Level = 3, Delay = TimeSpan.FromMinutes(15), Channels = { AlertChannels.Webhook } },
        new() { Level = 4, Delay = TimeSpan.FromMinutes(30), Channels = { AlertChannels.Email, AlertChannels.Webhook } },
    ];

    /// <summary>Gets the webhook channel.</summary>
    public WebhookChannelOptions Webhook { get; } = new();

    /// <summary>Gets the Slack channel.</summary>
    public SlackChannelOptions Slack { get; } = new();

    /// <summary>Gets the embedded fleet mode: replicas sharing a Redis elect one notifier.</summary>
    public AlertFleetOptions Fleet { get; } = new();

    /// <summary>Gets Prometheus Alertmanager as a destination (for a fleet of replicas).</summary>
    public AlertmanagerChannelOptions Alertmanager { get; } = new();

    /// <summary>Gets the email channel.</summary>
    public EmailChannelOptions Email { get; } = new();

    /// <summary>Gets where the alert state is journaled so that it survives a restart or a crash (off by default).</summary>
    public AlertJournalOptions Journal { get; } = new();

    /// <summary>Gets the outbox's retry policy.</summary>
    public DeliveryOptions Delivery { get; } = new();

    private static InhibitRule DefaultInhibitRule()
    {
        var rule = new InhibitRule();
        rule.SourceMatchers["severity"] = "critical";
        rule.TargetMatchers["severity"] = "warning";
        rule.Equal.Add("slo");
        return rule;
    }
}
