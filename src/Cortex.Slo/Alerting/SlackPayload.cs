using System.Text.Json;

namespace Cortex.Slo.Alerting;

/// <summary>
/// A Slack incoming-webhook message: <c>text</c> (the notification title, shown in push notifications) and <c>blocks</c>
/// (one mrkdwn section per alert, then a context line with the notification's key). Like the webhook JSON it carries
/// <c>idempotencyKey</c>, the notification's <see cref="AlertNotification.Key"/>, the same in every attempt: Slack ignores
/// a member it does not know, and a relay or a test receiver in front of Slack can drop a repeat by it. Pacing and 429
/// handling are the outbox's (<see cref="SlackChannelOptions.MinInterval"/>).
/// </summary>
internal static class SlackPayload
{
    // Slack takes 50 blocks a message and 3,000 characters a section.
    private const int MostAlertSections = 40;
    private const int MostSectionChars = 2900;

    public static byte[] Write(AlertNotification notification) => JsonChannel.Object(json =>
    {
        json.WriteString("text", AlertText.Title(notification));
        json.WriteString("idempotencyKey", notification.Key);
        json.WriteStartArray("blocks");
        WriteSection(json, $"*{Escape(AlertText.Title(notification))}*\n{Escape(AlertText.Counts(notification))}");
        foreach (var alert in notification.Alerts.Take(MostAlertSections))
        {
            WriteSection(json, $"*{AlertText.Tag(alert)} {Escape(alert.Name)}* on SLO `{Escape(alert.Slo)}`: {Escape(alert.Summary)}\n{Escape(AlertText.Details(alert))}");
        }

        if (notification.Alerts.Count > MostAlertSections)
        {
            WriteSection(json, $"_and {notification.Alerts.Count - MostAlertSections} more alerts_");
        }

        json.WriteStartObject();
        json.WriteString("type", "context");
        json.WriteStartArray("elements");
        json.WriteStartObject();
        json.WriteString("type", "mrkdwn");
        json.WriteString("text", $"notification `{notification.Key}`");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
    });

    private static void WriteSection(Utf8JsonWriter json, string mrkdwn)
    {
        json.WriteStartObject();
        json.WriteString("type", "section");
        json.WriteStartObject("text");
        json.WriteString("type", "mrkdwn");
        json.WriteString("text", mrkdwn.Length > MostSectionChars ? mrkdwn[..MostSectionChars] + "…" : mrkdwn);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    // Slack's mrkdwn reads &, < and > as markup; these three are all it asks to escape.
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal);
}
