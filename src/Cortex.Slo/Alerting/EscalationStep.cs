namespace Cortex.Slo.Alerting;

/// <summary>An escalation level as the manager uses it: sorted by delay, with only the channels that are configured.</summary>
/// <param name="Level">The level number shown in <see cref="Alert.EscalationLevel"/>.</param>
/// <param name="Delay">How long after the alert started the level is reached.</param>
/// <param name="Channels">The configured channels of the level.</param>
internal sealed record EscalationStep(int Level, TimeSpan Delay, IReadOnlyList<string> Channels);
