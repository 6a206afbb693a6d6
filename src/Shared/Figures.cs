using System.Globalization;

namespace Cortex.Internal;

/// <summary>
/// How reports, recommendations and the CLI write figures, one rule for each kind of number: invariant culture, so
/// a report reads the same on every machine, and one precision, so 24.83 never sits beside 24.831. Compiled into
/// each package that writes figures (load-test and SLO reports, <c>cortex-load</c>).
/// </summary>
internal static class Figures
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A plain number: thousands separated, two decimals below 10 and one above (0.35, 12.4, 1,234.5); n/a for NaN.</summary>
    public static string Number(double value) => value switch
    {
        double.NaN => "n/a",
        double.PositiveInfinity => "∞",
        double.NegativeInfinity => "-∞",
        _ => value.ToString(Math.Abs(value) < 10 ? "#,##0.##" : "#,##0.#", Invariant),
    };

    public static string Count(long value) => value.ToString("N0", Invariant);

    public static string Milliseconds(double value) => double.IsNaN(value) ? "n/a" : Number(value) + " ms";

    public static string PerSecond(double value) => double.IsNaN(value) ? "n/a" : Number(value) + "/s";

    /// <summary>A fraction as a percentage: whole percents from 10% up, one decimal below (72%, 2.4%).</summary>
    public static string Percent(double fraction)
    {
        if (!double.IsFinite(fraction))
        {
            return Number(fraction);
        }

        var percent = fraction * 100;
        return percent.ToString(Math.Abs(percent) < 10 ? "0.#" : "0", Invariant) + "%";
    }

    /// <summary>
    /// A fraction as a percentage with up to three decimals, for objectives and compliance where 99.95% and 99.9% differ,
    /// and with enough decimals that 99.9995% never shows as 100%.
    /// </summary>
    public static string PrecisePercent(double fraction)
    {
        if (!double.IsFinite(fraction))
        {
            return Number(fraction);
        }

        var text = (fraction * 100).ToString("0.###", Invariant);
        if (fraction < 1 && text == "100")
        {
            text = (fraction * 100).ToString("0.######", Invariant);
        }

        return text + "%";
    }

    public static string PrecisePercent(double? fraction) => fraction is { } f ? PrecisePercent(f) : "n/a";

    /// <summary>A signed change in percent with one decimal: +104.2%, -3.0%.</summary>
    public static string Change(double percent) => percent.ToString("+0.0;-0.0;0.0", Invariant) + "%";

    /// <summary>A multiple, such as a burn rate or a slowdown: 0.88x, 14.4x; n/a when there is none.</summary>
    public static string Factor(double? factor) => factor is { } f ? Number(f) + "x" : "n/a";

    public static string Load(double load, string unit) => Number(load) + " " + unit;

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => Count(bytes) + " B",
        < 1024 * 1024 => Number(bytes / 1024.0) + " KiB",
        < 1024L * 1024 * 1024 => Number(bytes / (1024.0 * 1024)) + " MiB",
        _ => Number(bytes / (1024.0 * 1024 * 1024)) + " GiB",
    };

    public static string Seconds(TimeSpan value) => Number(value.TotalSeconds) + " s";

    public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant);

    /// <summary>A long span in the unit a reader thinks in: minutes under an hour, hours under two days, then days.</summary>
    public static string Duration(TimeSpan duration) => duration.Duration() switch
    {
        var d when d < TimeSpan.FromHours(1) => d.TotalMinutes.ToString("0", Invariant) + " min",
        var d when d < TimeSpan.FromDays(2) => d.TotalHours.ToString("0.#", Invariant) + " h",
        var d => d.TotalDays.ToString("0.#", Invariant) + " days",
    };
}
