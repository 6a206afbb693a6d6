using System.Security.Cryptography;
using System.Text;

namespace Cortex.Slo.Alerting;

/// <summary>Labels and fingerprints: the identity of an alert across evaluations.</summary>
internal static class AlertIdentity
{
    /// <summary>The label names the manager sets itself; a candidate's own labels of these names are overwritten.</summary>
    public const string AlertName = "alertname";

    /// <summary>The label of the SLO.</summary>
    public const string Slo = "slo";

    /// <summary>The label of the severity.</summary>
    public const string Severity = "severity";

    /// <summary>The label of the service.</summary>
    public const string Service = "service";

    /// <summary>Gets the candidate's labels plus alertname, slo, severity and service, sorted by name.</summary>
    public static SortedDictionary<string, string> Labels(AlertCandidate candidate, string service)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in candidate.Labels)
        {
            labels[name] = value;
        }

        labels[AlertName] = candidate.Name;
        labels[Slo] = candidate.Slo;
        labels[Severity] = SeverityName(candidate.Severity);
        labels[Service] = service;
        return labels;
    }

    /// <summary>
    /// Gets the first 16 hex digits of the SHA-256 of the sorted labels: the same condition has the same fingerprint in every
    /// evaluation and every process. Severity is a label, so the warning and the critical alert of one condition are two alerts.
    /// </summary>
    public static string Fingerprint(SortedDictionary<string, string> labels)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in labels)
        {
            // Separators that cannot appear in a label name keep "a=b,c" and "a=b" + "c=" apart.
            text.Append(name).Append('\u001f').Append(value).Append('\u001e');
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash, 0, 8);
    }

    /// <summary>Gets whether <paramref name="labels"/> carry every matcher's label with exactly its value (silences, inhibit rules).</summary>
    public static bool Matches(IEnumerable<KeyValuePair<string, string>> matchers, IReadOnlyDictionary<string, string> labels) =>
        matchers.All(m => labels.TryGetValue(m.Key, out var value) && value == m.Value);

    /// <summary>Gets a new short identifier for an alert (12 hex digits, random).</summary>
    public static string NewId() => RandomNumberGenerator.GetHexString(12, lowercase: true);

    /// <summary>Gets a new idempotency key for a notification (32 hex digits, random).</summary>
    public static string NewKey() => RandomNumberGenerator.GetHexString(32, lowercase: true);

    /// <summary>Gets the label value of a severity: <c>info</c>, <c>warning</c> or <c>critical</c>.</summary>
    public static string SeverityName(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => "info",
        AlertSeverity.Warning => "warning",
        _ => "critical",
    };
}
