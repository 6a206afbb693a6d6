using System.Globalization;

namespace Cortex.Slo.Reports;

/// <summary>How reports write figures, the same in recommendations, Markdown and HTML.</summary>
internal static class ReportText
{
    public static string Number(double value, string format = "0.##") => value switch
    {
        double.NaN => "n/a",
        double.PositiveInfinity => "∞",
        double.NegativeInfinity => "-∞",
        _ => value.ToString(format, CultureInfo.InvariantCulture),
    };

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A fraction in percent, with enough decimals that 99.9995% never shows as 100%.</summary>
    public static string Percent(double fraction)
    {
        var text = Number(fraction * 100, "0.###");
        if (fraction < 1 && text == "100")
        {
            text = Number(fraction * 100, "0.######");
        }

        return text + "%";
    }

    public static string Percent(double? fraction) => fraction is { } f ? Percent(f) : "n/a";

    public static string Millis(double value) => Number(value, "0.#") + " ms";

    public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan duration) => duration.Duration() switch
    {
        var d when d < TimeSpan.FromHours(1) => Number(d.TotalMinutes, "0") + " min",
        var d when d < TimeSpan.FromDays(2) => Number(d.TotalHours, "0.#") + " h",
        var d => Number(d.TotalDays, "0.#") + " days",
    };

    public static string Burn(double? burnRate) => burnRate is { } b ? Number(b, "0.##") + "x" : "n/a";

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
        { } v when kind == SloKind.Latency || (kind == SloKind.Component && name.Contains("latency", StringComparison.OrdinalIgnoreCase)) => Millis(v),
        { } v when kind == SloKind.Throughput => Number(v, "0.#") + " req/s",
        { } v => Percent(v),
    };

    /// <summary>A trend's value in its unit, read from the figure's name (<c>requests.p95</c>, <c>requests.error_rate</c>, <c>requests.throughput</c>).</summary>
    public static string TrendValue(string metric, double? value) => value switch
    {
        null => "n/a",
        { } v when IsLatency(metric) => Millis(v),
        { } v when metric.EndsWith("error_rate", StringComparison.Ordinal) => Percent(v),
        { } v when metric.EndsWith("throughput", StringComparison.Ordinal) => Number(v, "0.#") + " req/s",
        { } v => Number(v, "0.####"),
    };

    public static bool IsLatency(string metric) =>
        metric.EndsWith(".p50", StringComparison.Ordinal) || metric.EndsWith(".p90", StringComparison.Ordinal)
        || metric.EndsWith(".p95", StringComparison.Ordinal) || metric.EndsWith(".p99", StringComparison.Ordinal);
}
