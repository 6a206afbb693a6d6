namespace Cortex.Slo.Alerting;

/// <summary>
/// A silence, as in Alertmanager: until <see cref="EndsAt"/>, firing alerts whose labels equal every one of
/// <see cref="Matchers"/> are not sent to any channel (they still fire, raise their events and show in the active
/// alerts); once it ends or is expired they are sent as usual. Kept in the alert journal like the rest of the state.
/// </summary>
public sealed record Silence
{
    /// <summary>Gets the silence's identifier, for <see cref="SloMonitor.ExpireSilence"/>.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the labels an alert must carry, each with this exact value, for example <c>slo = latency-p99</c>.</summary>
    public required IReadOnlyDictionary<string, string> Matchers { get; init; }

    /// <summary>Gets when the silence was made.</summary>
    public DateTimeOffset StartsAt { get; init; }

    /// <summary>Gets when it ends (earlier when expired by hand).</summary>
    public DateTimeOffset EndsAt { get; init; }

    /// <summary>Gets why it was made, or <see langword="null"/>.</summary>
    public string? Comment { get; init; }

    /// <summary>Gets whether the silence mutes <paramref name="alert"/> at <paramref name="now"/>.</summary>
    /// <param name="alert">The alert.</param>
    /// <param name="now">The time.</param>
    /// <returns>Whether it is active and every matcher equals the alert's label.</returns>
    public bool Mutes(Alert alert, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return now >= StartsAt && now < EndsAt && Alerting.AlertIdentity.Matches(Matchers, alert.Labels);
    }
}
