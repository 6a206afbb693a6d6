using System.Globalization;
using Cortex.Slo.Internal;

namespace Cortex.Slo.Exports;

/// <summary>
/// Every PromQL expression over an SLO's recorded series, written once: the Prometheus rules record them and the Grafana
/// dashboard reads them, so the two never disagree about what a burn rate or the budget left is.
/// </summary>
internal static class SloQueries
{
    /// <summary>The prefix of the recorded error ratio over a window: <c>slo:sli_error:ratio_rate5m</c>.</summary>
    public const string SliRecord = "slo:sli_error:ratio_rate";

    public const string ObjectiveRecord = "slo:objective:ratio";

    public const string ErrorBudgetRecord = "slo:error_budget:ratio";

    public const string TimePeriodRecord = "slo:time_period:days";

    public const string CurrentBurnRateRecord = "slo:current_burn_rate:ratio";

    public const string PeriodBurnRateRecord = "slo:period_burn_rate:ratio";

    public const string BudgetRemainingRecord = "slo:period_error_budget_remaining:ratio";

    /// <summary>Every short and long window of the alert rules, shortest first; the SLO window is recorded in its own group.</summary>
    public static List<TimeSpan> Windows(SloOptions options)
    {
        var windows = options.BurnRateAlerts
            .SelectMany(r => new[] { r.ShortWindow, r.LongWindow })
            .Where(w => w != options.SloWindow)
            .Distinct()
            .Order()
            .ToList();
        if (windows.Count == 0)
        {
            // The current burn rate still needs a short window to read.
            windows.Add(TimeSpan.FromMinutes(5));
        }

        return windows;
    }

    /// <summary>The matchers that pick one SLO's recorded series out of every SLO's.</summary>
    public static string Selector(SloOptions options, PrometheusSli sli) =>
        $"{{{PrometheusSli.Label("slo_service", options.ServiceName)},{PrometheusSli.Label("slo", sli.Slo.Name)}}}";

    /// <summary>The recorded error ratio of one SLO over <paramref name="window"/>.</summary>
    public static string ErrorRatio(SloOptions options, PrometheusSli sli, TimeSpan window) =>
        SliRecord + Names.Duration(window) + Selector(options, sli);

    /// <summary>How fast <paramref name="window"/> spends the budget: its error ratio over the error budget (1 spends it exactly over the SLO window).</summary>
    public static string BurnRate(SloOptions options, PrometheusSli sli, TimeSpan window) =>
        $"{ErrorRatio(options, sli, window)} / {Names.Number(sli.ErrorBudget)}";

    /// <summary>The fraction of the SLO window's error budget left (negative when overspent).</summary>
    public static string BudgetRemaining(SloOptions options, PrometheusSli sli) => $"1 - {PeriodBurnRateRecord}{Selector(options, sli)}";

    /// <summary>The recorded budget left, as a dashboard reads it.</summary>
    public static string RecordedBudgetRemaining(SloOptions options, PrometheusSli sli) => BudgetRemainingRecord + Selector(options, sli);

    /// <summary>The good-event fraction over the SLO window.</summary>
    public static string Compliance(SloOptions options, PrometheusSli sli) => $"1 - {ErrorRatio(options, sli, options.SloWindow)}";

    /// <summary>The alert condition: both windows burn above <c>factor x budget</c>.</summary>
    public static string BurnRateAlert(SloOptions options, PrometheusSli sli, BurnRateAlertRule rule)
    {
        var product = BurnThreshold(rule, sli);
        return $"({ErrorRatio(options, sli, rule.LongWindow)} > {product})\nand\n({ErrorRatio(options, sli, rule.ShortWindow)} > {product})";
    }

    /// <summary>The error ratio at which a rule fires, as PromQL: <c>(14.4 * 0.001)</c>.</summary>
    public static string BurnThreshold(BurnRateAlertRule rule, PrometheusSli sli) =>
        $"({Names.Number((decimal)rule.Factor)} * {Names.Number(sli.ErrorBudget)})";

    /// <summary>Requests per second of the SLI's total series.</summary>
    public static string RequestRate(PrometheusSli sli, string window) => $"sum(rate({sli.Total}[{window}]))";

    /// <summary>
    /// A latency percentile estimated from the histogram's buckets (<c>histogram_quantile</c>), in seconds, over every
    /// request of the options' selector.
    /// </summary>
    public static string LatencyQuantile(PrometheusOptions options, double quantile, string window)
    {
        var bucket = string.IsNullOrWhiteSpace(options.LatencyBucketLabel) ? "le" : options.LatencyBucketLabel.Trim();
        return Quantile(quantile, PrometheusSli.Series(options.RequestDurationMetric.Trim() + "_bucket", options.Selector), window, bucket);
    }

    /// <summary><c>histogram_quantile</c> over a bucket series, summed over everything but the bucket label and <paramref name="by"/>.</summary>
    public static string Quantile(double quantile, string buckets, string window, string bucketLabel = "le", string? by = null) =>
        $"histogram_quantile({quantile.ToString("R", CultureInfo.InvariantCulture)}, sum by ({(by is null ? "" : by + ", ")}{bucketLabel}) (rate({buckets}[{window}])))";
}
