using Cortex.Internal;
using Cortex.Slo.Alerting;
using Cortex.Slo.Status;
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
        $"{Figures.Time(report.From)} to {Figures.Time(report.To)}, generated {Figures.Time(report.GeneratedAt)}";

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
            ["Period", $"{PeriodNoun(r.Period)}: {Figures.Time(r.From)} to {Figures.Time(r.To)}"],
            ["Result", Verdict(r)],
            ["Requests", Figures.Count(requests)],
            ["Failed requests", $"{Figures.Count(errors)} ({(requests == 0 ? "n/a" : Figures.PrecisePercent((double)errors / requests))})"],
            ["Worst p95 / p99", r.Timeline.Count == 0 ? "n/a" : $"{Figures.Milliseconds(r.Timeline.Max(p => p.P95Ms))} / {Figures.Milliseconds(r.Timeline.Max(p => p.P99Ms))}"],
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
            c.Objective is { } o ? Figures.PrecisePercent(o) : Value(c.Kind, c.Name, c.Target),
            Value(c.Kind, c.Name, c.Observed),
            Figures.PrecisePercent(c.Compliance),
            Figures.PrecisePercent(c.ErrorBudgetRemaining),
            Figures.Factor(c.BurnRate),
            !c.Compliant ? "MISSED" : IsEmpty(c) ? NoData : "met",
        });
        return new("Compliance", Table: new(["SLO", "Description", "Objective or target", "Observed", "Compliance", "Budget left", "Burn rate", "Status"], [.. rows]));
    }

    private static ReportPart Incidents(SloReport r)
    {
        if (r.Incidents.Count == 0)
        {
            return new("Alerts and incidents", Text: $"No alert fired between {Figures.Time(r.From)} and {Figures.Time(r.To)}.");
        }

        var rows = r.Incidents.Select(i => new[]
        {
            i.AlertName,
            i.Slo,
            i.Severity.ToString().ToLowerInvariant(),
            Figures.Time(i.StartedAt),
            i.EndedAt is { } ended ? Figures.Time(ended) : "still firing",
            Figures.Duration(i.Duration),
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
            TrendValue(t.Metric, t.Previous),
            TrendValue(t.Metric, t.Current),
            t.ChangePercent is { } change ? $"{(change > 0 ? "+" : "")}{Figures.Number(change)}%" : "n/a",
            t.SlopePerHour is { } slope ? TrendValue(t.Metric, slope) : "n/a",
            t.BudgetExhaustedAt is { } at ? Figures.Time(at) : t.Metric.StartsWith("requests.", StringComparison.Ordinal) || t.Current is null ? "n/a" : "not at the last hour's burn",
        });
        return new("Trends", Table: new(["Figure", "Previous period", "This period", "Change", "Slope per hour", "Budget runs out"], [.. rows]));
    }

    /// <summary>What the period is called in a sentence: the day, the week, the month.</summary>
    public static string PeriodNoun(ReportPeriod period) => period switch
    {
        ReportPeriod.Daily => "day",
        ReportPeriod.Weekly => "week",
        _ => "month",
    };

    /// <summary>A value in an SLO's own unit: milliseconds for latency, requests per second for throughput, percent for rates.</summary>
    public static string Value(SloKind kind, string name, double? value) => value switch
    {
        null => "n/a",
        { } v when kind == SloKind.Latency || (kind == SloKind.Component && name.Contains("latency", StringComparison.OrdinalIgnoreCase)) => Figures.Milliseconds(v),
        { } v when kind == SloKind.Throughput => Figures.Number(v) + " req/s",
        { } v => Figures.PrecisePercent(v),
    };

    /// <summary>A trend's value in its unit, read from the figure's name (<c>requests.p95</c>, <c>requests.error_rate</c>, <c>requests.throughput</c>).</summary>
    public static string TrendValue(string metric, double? value) => value switch
    {
        null => "n/a",
        { } v when IsLatency(metric) => Figures.Milliseconds(v),
        { } v when metric.EndsWith("error_rate", StringComparison.Ordinal) => Figures.PrecisePercent(v),
        { } v when metric.EndsWith("throughput", StringComparison.Ordinal) => Figures.Number(v) + " req/s",
        { } v => Figures.Number(v),
    };

    public static bool IsLatency(string metric) =>
        metric.EndsWith(".p50", StringComparison.Ordinal) || metric.EndsWith(".p90", StringComparison.Ordinal)
        || metric.EndsWith(".p95", StringComparison.Ordinal) || metric.EndsWith(".p99", StringComparison.Ordinal);
}
