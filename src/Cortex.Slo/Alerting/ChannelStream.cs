namespace Cortex.Slo.Alerting;

/// <summary>
/// What one channel has been told about one group (Alertmanager's per-receiver aggregation group state): the firing
/// alerts it heard of, at which escalation level, and when it last heard anything.
/// </summary>
internal sealed class ChannelStream
{
    /// <summary>
    /// Gets the alerts the channel was told are firing, by id (not fingerprint: an alert that fires again after its cooldown
    /// is a new alert, while the channel may not have heard the old one resolve yet); an alert leaves once its resolution is sent.
    /// </summary>
    public Dictionary<string, SentState> Firing { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets when the channel last got a notification of the group, or <see langword="null"/> if never.</summary>
    public DateTimeOffset? LastSentAt { get; set; }
}
