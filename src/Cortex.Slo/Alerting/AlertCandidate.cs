namespace Cortex.Slo.Alerting;

/// <summary>A condition the evaluation found violated now; the alert manager turns it into an alert (or keeps the existing one with the same fingerprint).</summary>
/// <param name="Name">The alert name, e.g. <c>burn-rate:page-fast</c>.</param>
/// <param name="Slo">The SLO name; with Name it forms the group and inhibition key.</param>
/// <param name="Severity">The severity.</param>
/// <param name="Summary">A one-line description with figures.</param>
/// <param name="Value">The observed value.</param>
/// <param name="Labels">Extra labels (window, ...); service, slo, severity and alertname are added.</param>
internal sealed record AlertCandidate(string Name, string Slo, AlertSeverity Severity, string Summary, double Value, IReadOnlyDictionary<string, string> Labels);
