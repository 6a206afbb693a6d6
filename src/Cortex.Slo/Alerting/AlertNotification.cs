namespace Cortex.Slo.Alerting;

/// <summary>One message to one channel: the alerts of a group the channel must hear about now.</summary>
/// <param name="GroupName">The group's name: the values of its group labels (by default the alert name).</param>
/// <param name="Service">The monitored service.</param>
/// <param name="Alerts">The group's firing alerts routed to the channel and its alerts that resolved since the channel last heard, oldest first.</param>
/// <param name="IsTest">Whether this is a test message (<see cref="AlertManager.SendTestNotificationAsync"/>).</param>
internal sealed record AlertNotification(string GroupName, string Service, IReadOnlyList<Alert> Alerts, bool IsTest = false)
{
    /// <summary>
    /// Gets the notification's idempotency key: random, fixed when the notification is made, the same in every attempt
    /// (and after a restart), so a receiver that got it twice can drop the repeat. Sent as the <c>Idempotency-Key</c> header
    /// and in the payload.
    /// </summary>
    public string Key { get; init; } = AlertIdentity.NewKey();

    /// <summary>Gets the group labels and their values (<see cref="AlertingOptions.GroupBy"/>); by default the alert name.</summary>
    public IReadOnlyDictionary<string, string> GroupLabels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal) { [AlertIdentity.AlertName] = GroupName };

    /// <summary>Gets the Alertmanager-style group key, <c>{}:{alertname="..."}</c> (one pair per group label, sorted by name).</summary>
    public string GroupKey => $"{{}}:{{{string.Join(",", GroupLabels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\""))}}}";

    /// <summary>Gets whether any alert in it is still firing (Alertmanager's group status).</summary>
    public bool IsFiring => Alerts.Any(a => a.State == AlertState.Firing);

    /// <summary>Gets the alerts still firing.</summary>
    public IEnumerable<Alert> Firing => Alerts.Where(a => a.State == AlertState.Firing);

    /// <summary>Gets the alert that speaks for the notification: the most severe firing one, else the first.</summary>
    public Alert Headline => Firing.OrderByDescending(a => a.Severity).FirstOrDefault() ?? Alerts[0];

    /// <summary>Gets a description without secrets, for logs and delivery failures.</summary>
    public string Describe() => $"{(IsFiring ? "firing" : "resolved")} notification of {GroupKey} ({Alerts.Count} alerts)";
}
