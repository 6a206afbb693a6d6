namespace Cortex.Slo;

/// <summary>The channel names escalation levels refer to.</summary>
public static class AlertChannels
{
    /// <summary>The webhook channel (<see cref="AlertingOptions.Webhook"/>).</summary>
    public const string Webhook = "webhook";

    /// <summary>The Slack channel (<see cref="AlertingOptions.Slack"/>).</summary>
    public const string Slack = "slack";

    /// <summary>The email channel (<see cref="AlertingOptions.Email"/>).</summary>
    public const string Email = "email";

    /// <summary>Prometheus Alertmanager (<see cref="AlertingOptions.Alertmanager"/>): it routes by itself, so escalation levels do not name it.</summary>
    public const string Alertmanager = "alertmanager";
}
