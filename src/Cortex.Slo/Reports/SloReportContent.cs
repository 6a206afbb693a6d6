namespace Cortex.Slo.Reports;

/// <summary>A table of plain-text cells; Markdown and HTML each escape it their own way.</summary>
internal sealed record ReportTable(IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows);

/// <summary>One titled part of a report: a sentence, a table, or a list.</summary>
internal sealed record ReportPart(string Heading, string? Text = null, ReportTable? Table = null, IReadOnlyList<string>? Items = null);

/// <summary>What the Markdown and HTML reports say, built once so that both say the same.</summary>
internal static class SloReportContent
{
    public static string Title(SloReport report) => $"SLO report: {report.Service} ({report.Period.ToString().ToLowerInvariant()})";

    /// <summary>The status of an SLO without a figure over the period: it was not judged, so it reads neither met nor missed.</summary>
    public const string NoData = "no data";

    public static string Verdict(SloReport report)
    {
        var missed = report.Compliance.Count(c => !c.Compliant);
        var empty = report.Compliance.Count(c => c.Compliant && IsEmpty(c));
        if (missed > 0)
        {
            return $"{missed} of {report.Compliance.Count} SLOs missed" + (empty > 0 ? $", {empty} without data" : "");
        }

        var met = report.Compliance.Count - empty;
        return empty == 0
            ? $"All {report.Compliance.Count} SLOs met"
            : $"{met} SLO{(met == 1 ? "" : "s")} met, {empty} without data";
    }

    private static bool IsEmpty(SloCompliance c) => c.Observed is null && c.Compliance is null;

    public static string Span(SloReport report) =>
        $"{ReportText.Time(report.From)} to {ReportText.Time(report.To)}, generated {ReportText.Time(report.GeneratedAt)}";

    /// <summary>The summary first; the HTML page puts its charts after it.</summary>
    public static IReadOnlyList<ReportPart> Parts(SloReport report) =>
    [
        Summary(report),
        Compliance(report),
        Incidents(report),
        Trends(report),
        new("Recommendations", Items: report.Recommendations),
    ];

    private static ReportPart Summary(SloReport r)
    {
        var requests = r.Timeline.Sum(p => p.Requests);
        var errors = r.Timeline.Sum(p => p.Errors);
        var alerts = string.Join(", ", r.AlertsBySeverity.OrderByDescending(a => a.Key).Select(a => $"{a.Value} {a.Key.ToString().ToLowerInvariant()}"));
        string[][] rows =
        [
            ["Service", r.Service],
            ["Period", $"{ReportText.PeriodNoun(r.Period)}: {ReportText.Time(r.From)} to {ReportText.Time(r.To)}"],
            ["Result", Verdict(r)],
            ["Requests", ReportText.Number(requests)],
            ["Failed requests", $"{ReportText.Number(errors)} ({(requests == 0 ? "n/a" : ReportText.Percent((double)errors / requests))})"],
            ["Worst p95 / p99", r.Timeline.Count == 0 ? "n/a" : $"{ReportText.Millis(r.Timeline.Max(p => p.P95Ms))} / {ReportText.Millis(r.Timeline.Max(p => p.P99Ms))}"],
            ["Alerts", $"{r.Incidents.Count} ({alerts})"],
        ];
        return new("Summary", Table: new(["Figure", "Value"], rows));
    }

    private static ReportPart Compliance(SloReport r)
    {
        var rows = r.Compliance.Select(c => new[]
        {
            c.Name,
            c.Description,
            c.Objective is { } o ? ReportText.Percent(o) : ReportText.Value(c.Kind, c.Name, c.Target),
            ReportText.Value(c.Kind, c.Name, c.Observed),
            ReportText.Percent(c.Compliance),
            ReportText.Percent(c.ErrorBudgetRemaining),
            ReportText.Burn(c.BurnRate),
            !c.Compliant ? "MISSED" : IsEmpty(c) ? NoData : "met",
        });
        return new("Compliance", Table: new(["SLO", "Description", "Objective or target", "Observed", "Compliance", "Budget left", "Burn rate", "Status"], [.. rows]));
    }

    private static ReportPart Incidents(SloReport r)
    {
        if (r.Incidents.Count == 0)
        {
            return new("Alerts and incidents", Text: $"No alert fired between {ReportText.Time(r.From)} and {ReportText.Time(r.To)}.");
        }

        var rows = r.Incidents.Select(i => new[]
        {
            i.AlertName,
            i.Slo,
            i.Severity.ToString().ToLowerInvariant(),
            ReportText.Time(i.StartedAt),
            i.EndedAt is { } ended ? ReportText.Time(ended) : "still firing",
            ReportText.Duration(i.Duration),
            i.Acknowledged ? "yes" : "no",
            i.Summary,
        });
        return new("Alerts and incidents", Table: new(["Alert", "SLO", "Severity", "Started", "Ended", "Duration", "Acknowledged", "Summary"], [.. rows]));
    }

    private static ReportPart Trends(SloReport r)
    {
        if (r.Trends.Count == 0)
        {
            return new("Trends", Text: "No trend: the period before has no data yet.");
        }

        var rows = r.Trends.Select(t => new[]
        {
            t.Metric,
            ReportText.TrendValue(t.Metric, t.Previous),
            ReportText.TrendValue(t.Metric, t.Current),
            t.ChangePercent is { } change ? $"{(change > 0 ? "+" : "")}{ReportText.Number(change, "0.#")}%" : "n/a",
            t.SlopePerHour is { } slope ? ReportText.TrendValue(t.Metric, slope) : "n/a",
            t.BudgetExhaustedAt is { } at ? ReportText.Time(at) : t.Metric.StartsWith("requests.", StringComparison.Ordinal) || t.Current is null ? "n/a" : "not at the last hour's burn",
        });
        return new("Trends", Table: new(["Figure", "Previous period", "This period", "Change", "Slope per hour", "Budget runs out"], [.. rows]));
    }
}
