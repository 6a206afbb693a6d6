using Cortex.Slo.Alerting;
using Cortex.Slo.Status;

namespace Cortex.Slo.Reports;

/// <summary>
/// A compliance report over a day, a week or a month: each SLO's compliance and budget, the alerts and incidents,
/// trends against the period before, the request timeline, and recommendations drawn from these figures. It holds no
/// configuration, so no channel address or password can reach it. <see cref="SloReports"/> writes it as JSON, Markdown
/// or a self-contained HTML page.
/// </summary>
public sealed record SloReport
{
    /// <summary>Gets the service the report is about.</summary>
    public required string Service { get; init; }

    /// <summary>Gets the period the report covers.</summary>
    public ReportPeriod Period { get; init; }

    /// <summary>Gets the start of the period.</summary>
    public DateTimeOffset From { get; init; }

    /// <summary>Gets the end of the period.</summary>
    public DateTimeOffset To { get; init; }

    /// <summary>Gets when the report was made.</summary>
    public DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Gets a value indicating whether every SLO was met over the period.</summary>
    public bool OverallCompliant { get; init; }

    /// <summary>Gets each SLO's compliance over the period.</summary>
    public IReadOnlyList<SloCompliance> Compliance { get; init; } = [];

    /// <summary>Gets the alerts that were firing during the period, oldest first.</summary>
    public IReadOnlyList<SloIncident> Incidents { get; init; } = [];

    /// <summary>Gets how many of the <see cref="Incidents"/> had each severity (every severity is present, zero included).</summary>
    public IReadOnlyDictionary<AlertSeverity, int> AlertsBySeverity { get; init; } = new Dictionary<AlertSeverity, int>();

    /// <summary>Gets how the figures moved against the period before.</summary>
    public IReadOnlyList<SloTrend> Trends { get; init; } = [];

    /// <summary>Gets the requests over the period, one point per interval.</summary>
    public IReadOnlyList<SloReportPoint> Timeline { get; init; } = [];

    /// <summary>Gets what to do next, each with the figures it is drawn from.</summary>
    public IReadOnlyList<string> Recommendations { get; init; } = [];
}
