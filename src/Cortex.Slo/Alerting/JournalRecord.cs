using System.Text.Json.Serialization;

namespace Cortex.Slo.Alerting;

/// <summary>One line of the alert journal: one change of the alert manager's state.</summary>
internal sealed record JournalRecord
{
    /// <summary>An alert as it is now (created, acknowledged, escalated, resolved): <see cref="Alert"/>.</summary>
    public const string AlertKind = "alert";

    /// <summary>What a channel was told of a group: <see cref="Group"/>, <see cref="Channel"/>, <see cref="Sent"/>, <see cref="At"/>.</summary>
    public const string SentKind = "sent";

    /// <summary>A notification queued for a channel: <see cref="Channel"/>, <see cref="Notification"/>.</summary>
    public const string QueuedKind = "queued";

    /// <summary>A notification that left a channel's outbox (delivered or given up): <see cref="Channel"/>, <see cref="Key"/>.</summary>
    public const string LeftKind = "left";

    /// <summary>A notification given up, kept for inspection: <see cref="Undelivered"/>.</summary>
    public const string UndeliveredKind = "undelivered";

    /// <summary>A silence made or expired (the latest record of an id wins): <see cref="Silence"/>.</summary>
    public const string SilenceKind = "silence";

    /// <summary>
    /// A resolved alert some Alertmanager instance has not taken yet, with which ones took it (the latest record of an
    /// alert wins; all taken ends it): <see cref="Alert"/>, <see cref="Taken"/>.
    /// </summary>
    public const string UnsentResolveKind = "unsent-resolve";

    public required string Kind { get; init; }

    public Alert? Alert { get; init; }

    public string? Group { get; init; }

    public string? Channel { get; init; }

    /// <summary>Gets the alerts the channel was told are firing: alert id to escalation level.</summary>
    public Dictionary<string, int>? Sent { get; init; }

    public DateTimeOffset? At { get; init; }

    public QueuedNotification? Notification { get; init; }

    public string? Key { get; init; }

    public UndeliveredNotification? Undelivered { get; init; }

    public Silence? Silence { get; init; }

    /// <summary>Gets, for an unsent resolve, whether each Alertmanager instance (by its index in the URLs) took it.</summary>
    public bool[]? Taken { get; init; }

    public static JournalRecord Of(Alert alert) => new() { Kind = AlertKind, Alert = alert };
}

/// <summary>A queued notification as the journal keeps it.</summary>
internal sealed record QueuedNotification(string Key, string Group, string Service, IReadOnlyList<Alert> Alerts, DateTimeOffset QueuedAt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JournalRecord))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;
