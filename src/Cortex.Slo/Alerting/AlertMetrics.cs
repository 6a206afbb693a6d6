using System.Diagnostics.Metrics;

namespace Cortex.Slo.Alerting;

/// <summary>The alert manager's instruments on the <c>Cortex.Slo</c> meter; without a meter they count nothing.</summary>
internal sealed class AlertMetrics
{
    /// <summary>The tag of the channel's name.</summary>
    public const string ChannelTag = "cortex.slo.channel";

    /// <summary>The tag of what became of a notification.</summary>
    public const string OutcomeTag = "cortex.slo.outcome";

    public const string Delivered = "delivered";
    public const string Refused = "refused";
    public const string Expired = "expired";
    public const string Overflow = "overflow";

    private readonly Counter<long>? _notifications;

    public AlertMetrics(Meter? meter)
    {
        _notifications = meter?.CreateCounter<long>(
            "cortex.slo.alert.notifications",
            "{notification}",
            "Notifications that left an outbox, by channel and outcome: delivered, refused (4xx), expired (MaxAge) or overflow (outbox full).");
    }

    public void Count(string channel, string outcome) =>
        _notifications?.Add(1, new KeyValuePair<string, object?>(ChannelTag, channel), new KeyValuePair<string, object?>(OutcomeTag, outcome));
}
