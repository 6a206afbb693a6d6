using System.Globalization;
using System.Text.Json;

namespace Cortex.Slo.Alerting;

/// <summary>
/// Alertmanager's webhook payload (version 4), so that receivers written for Alertmanager read it unchanged; each alert
/// carries its summary, value and escalation level as annotations. One member is added: <c>idempotencyKey</c>, the
/// notification's <see cref="AlertNotification.Key"/>, the same in every attempt.
/// </summary>
internal static class WebhookPayload
{
    /// <summary>The receiver name in the payload.</summary>
    public const string Receiver = "cortex-slo";

    // Alertmanager's "zero time" for an alert that has not ended.
    private const string NoEnd = "0001-01-01T00:00:00Z";

    public static byte[] Write(AlertNotification notification) => JsonChannel.Object(json =>
    {
        json.WriteString("version", "4");
        json.WriteString("idempotencyKey", notification.Key);
        json.WriteString("groupKey", notification.GroupKey);
        json.WriteNumber("truncatedAlerts", 0);
        json.WriteString("status", Status(notification.IsFiring));
        json.WriteString("receiver", Receiver);
        WriteMap(json, "groupLabels", notification.GroupLabels);
        WriteMap(json, "commonLabels", Common(notification.Alerts.Select(a => a.Labels)));
        WriteMap(json, "commonAnnotations", Common(notification.Alerts.Select(Annotations)));
        json.WriteString("externalURL", string.Empty);
        json.WriteStartArray("alerts");
        foreach (var alert in notification.Alerts)
        {
            json.WriteStartObject();
            json.WriteString("status", Status(alert.State == AlertState.Firing));
            WriteMap(json, "labels", alert.Labels);
            WriteMap(json, "annotations", Annotations(alert));
            json.WriteString("startsAt", Timestamp(alert.StartsAt));
            json.WriteString("endsAt", alert.EndsAt is { } end ? Timestamp(end) : NoEnd);
            json.WriteString("generatorURL", string.Empty);
            json.WriteString("fingerprint", alert.Fingerprint);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    private static string Status(bool firing) => firing ? "firing" : "resolved";

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Annotations(Alert alert) => new(StringComparer.Ordinal)
    {
        ["summary"] = alert.Summary,
        ["value"] = alert.Value.ToString("G", CultureInfo.InvariantCulture),
        ["escalation_level"] = alert.EscalationLevel.ToString(CultureInfo.InvariantCulture),
    };

    // The pairs every map has, as Alertmanager's commonLabels and commonAnnotations.
    private static SortedDictionary<string, string> Common(IEnumerable<IReadOnlyDictionary<string, string>> maps)
    {
        SortedDictionary<string, string>? common = null;
        foreach (var map in maps)
        {
            if (common is null)
            {
                common = new SortedDictionary<string, string>(map.ToDictionary(), StringComparer.Ordinal);
                continue;
            }

            foreach (var (name, value) in common.ToList())
            {
                if (!map.TryGetValue(name, out var other) || other != value)
                {
                    common.Remove(name);
                }
            }
        }

        return common ?? new SortedDictionary<string, string>(StringComparer.Ordinal);
    }

    private static void WriteMap(Utf8JsonWriter json, string name, IEnumerable<KeyValuePair<string, string>> map)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }
}
