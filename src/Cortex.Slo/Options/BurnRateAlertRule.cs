using Cortex.Slo.Alerting;

namespace Cortex.Slo;

/// <summary>
/// A multi-window burn-rate alert (Google SRE Workbook, chapter 5): it fires when the error budget burns faster than
/// <see cref="Factor"/> times the sustainable rate over both windows, and resolves when the short window recovers.
/// </summary>
public sealed class BurnRateAlertRule
{
    /// <summary>Gets or sets the rule's name, for example <c>page-fast</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the long window, which keeps the alert from firing on a blip.</summary>
    public TimeSpan LongWindow { get; set; }

    /// <summary>Gets or sets the short window, which lets the alert resolve soon after recovery.</summary>
    public TimeSpan ShortWindow { get; set; }

    /// <summary>Gets or sets the burn rate both windows must exceed; burn × (1 − objective) must stay ≤ 1 or the rule can never fire.</summary>
    public double Factor { get; set; }

    /// <summary>Gets or sets the alert's severity.</summary>
    public AlertSeverity Severity { get; set; } = AlertSeverity.Critical;
}
