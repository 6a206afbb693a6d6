using System.Globalization;
using Cortex.Internal;

namespace Cortex.Slo.DependencyInjection;

/// <summary>
/// The one schema of the <c>performance</c> section: the <see cref="SloOptions"/> property names plus the
/// <c>config/production.json</c> keys (<c>monitoring:*</c>, and <c>slo:*</c> with latencies in milliseconds and rates in
/// percent). Durations are TimeSpan strings or milliseconds.
/// </summary>
internal static class SloConfiguration
{
    /// <summary>The section's usual path in an application's configuration.</summary>
    public const string SectionPath = "performance";

    public static SectionSchema Schema { get; } = new SectionSchema(typeof(SloOptions), nameof(SloOptions))
        .WithAlias("monitoring:enabled", nameof(SloOptions.Enabled))
        .WithAlias("monitoring:interval", nameof(SloOptions.EvaluationInterval))
        .WithAlias("monitoring:retentionPeriod", nameof(SloOptions.Retention))
        .WithAlias("slo:responseTimeP95", $"{nameof(SloOptions.ResponseTime)}:{nameof(ResponseTimeTargets.P95)}")
        .WithAlias("slo:responseTimeP99", $"{nameof(SloOptions.ResponseTime)}:{nameof(ResponseTimeTargets.P99)}")
        .WithAlias("slo:errorRate", $"{nameof(SloOptions.ErrorRate)}:{nameof(ErrorRateTargets.Warning)}", Percent)
        .WithAlias("slo:availability", nameof(SloOptions.Availability), Percent);

    private static string Percent(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) && double.IsFinite(percent)
            ? (percent / 100).ToString("R", CultureInfo.InvariantCulture)
            : throw new FormatException("it must be a number of percent, for example 99.9.");
}
