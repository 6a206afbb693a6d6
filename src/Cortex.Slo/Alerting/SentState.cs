namespace Cortex.Slo.Alerting;

/// <summary>What a channel was last told about an alert: firing at an escalation level.</summary>
/// <param name="Level">The escalation level it was sent at.</param>
internal readonly record struct SentState(int Level);
