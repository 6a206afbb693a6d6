using System.Globalization;

namespace Cortex.Slo.Alerting;

/// <summary>The human-readable wording of a notification, shared by Slack and email.</summary>
internal static class AlertText
{
    /// <summary>Gets the one-line title: <c>[CRITICAL] service: summary (+2 more)</c>, or <c>[RESOLVED] ...</c> when nothing fires any more.</summary>
    public static string Title(AlertNotification notification)
    {
        var headline = notification.Headline;
        var tag = notification.IsTest ? "TEST"
            : notification.IsFiring ? AlertIdentity.SeverityName(headline.Severity).ToUpperInvariant()
            : "RESOLVED";
        var more = notification.Alerts.Count > 1 ? $" (+{notification.Alerts.Count - 1} more)" : string.Empty;
        return $"[{tag}] {notification.Service}: {headline.Summary}{more}";
    }

    /// <summary>Gets the count line: how many alerts of which group fire and resolved.</summary>
    public static string Counts(AlertNotification notification)
    {
        var firing = notification.Firing.Count();
        var resolved = notification.Alerts.Count - firing;
        return $"{notification.GroupName} on {notification.Service}: {firing} firing, {resolved} resolved";
    }

    /// <summary>Gets the alert's status and severity tag, e.g. <c>[CRITICAL]</c> or <c>[RESOLVED]</c>.</summary>
    public static string Tag(Alert alert) =>
        "[" + (alert.State == AlertState.Firing ? AlertIdentity.SeverityName(alert.Severity).ToUpperInvariant() : "RESOLVED") + "]";

    /// <summary>Gets the alert's figures: value, start (and end), escalation level and the labels that are not already shown.</summary>
    public static string Details(Alert alert)
    {
        var when = alert.EndsAt is { } end
            ? $"from {Time(alert.StartsAt)} to {Time(end)}"
            : $"since {Time(alert.StartsAt)}";
        var labels = string.Join(", ", alert.Labels
            .Where(l => l.Key is not (AlertIdentity.AlertName or AlertIdentity.Slo or AlertIdentity.Severity or AlertIdentity.Service))
            .OrderBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => $"{l.Key}={l.Value}"));
        var text = string.Create(CultureInfo.InvariantCulture, $"value {alert.Value:G6}, {when}, escalation level {alert.EscalationLevel}");
        return labels.Length == 0 ? text : $"{text}; {labels}";
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
