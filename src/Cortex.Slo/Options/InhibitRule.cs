namespace Cortex.Slo;

/// <summary>
/// An inhibit rule, as in Alertmanager: while an alert matching <see cref="SourceMatchers"/> fires, alerts matching
/// <see cref="TargetMatchers"/> that carry the same values of every label in <see cref="Equal"/> are not sent to any
/// channel (they still fire and show in the active alerts). An alert never inhibits itself.
/// </summary>
public sealed class InhibitRule
{
    /// <summary>Gets the labels a source alert must carry, each with this exact value, for example <c>severity = critical</c>.</summary>
    public IDictionary<string, string> SourceMatchers { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the labels an alert must carry, each with this exact value, to be muted, for example <c>severity = warning</c>.</summary>
    public IDictionary<string, string> TargetMatchers { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the labels source and target must have equal (a label both lack counts as equal), for example <c>slo</c>.</summary>
    public IList<string> Equal { get; } = [];
}
