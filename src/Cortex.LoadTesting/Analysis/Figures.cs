using System.Globalization;

namespace Cortex.LoadTesting.Internal;

/// <summary>How the analysis writes numbers into its messages: invariant culture, so a report reads the same on every machine.</summary>
internal static class Figures
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A plain number: thousands separated, two decimals below 10 and one above (0.35, 12.4, 1,234.5).</summary>
    public static string Number(double value) =>
        value.ToString(Math.Abs(value) < 10 ? "#,##0.##" : "#,##0.#", Invariant);

    /// <summary>
    /// The executor of a run, k6's name (<c>constant-vus</c>); when scenarios had their own, each with its scenarios:
    /// <c>constant-vus (browse) + constant-arrival-rate (api)</c>.
    /// </summary>
    public static string Model(LoadTestResult result)
    {
        if (result.Scenarios.All(s => s.Executor is null))
        {
            return LoadModels.ToName(result.Model);
        }

        var shared = result.Scenarios.Where(s => s.Executor is null).Select(s => s.Name).ToList();
        var parts = result.Scenarios.Where(s => s.Executor is not null).Select(s => $"{LoadModels.ToName(s.Executor!.Value)} ({s.Name})");
        return string.Join(" + ", shared.Count == 0 ? parts : parts.Prepend($"{LoadModels.ToName(result.Model)} ({string.Join(", ", shared)})"));
    }

    public static string Count(long value) => value.ToString("N0", Invariant);

    public static string Milliseconds(double value) => Number(value) + " ms";

    public static string PerSecond(double value) => Number(value) + "/s";

    /// <summary>A fraction as a percentage: whole percents from 10% up, one decimal below (72%, 2.4%).</summary>
    public static string Percent(double fraction)
    {
        var percent = fraction * 100;
        return percent.ToString(Math.Abs(percent) < 10 ? "0.#" : "0", Invariant) + "%";
    }

    /// <summary>A signed change in percent with one decimal: +104.2%, -3.0%.</summary>
    public static string Change(double percent) => percent.ToString("+0.0;-0.0;0.0", Invariant) + "%";

    public static string Load(double load, string unit) => Number(load) + " " + unit;

    /// <summary>An observed value in its threshold's unit: milliseconds, a fraction, a rate per second or a count.</summary>
    public static string Observed(ThresholdExpression expression, double value) => expression.Metric switch
    {
        ThresholdMetric.ErrorRate or ThresholdMetric.Availability or ThresholdMetric.Checks => Percent(value),
        ThresholdMetric.Throughput => PerSecond(value),
        ThresholdMetric.Count => Count((long)value),
        _ => Milliseconds(value),
    };

    /// <summary>
    /// A threshold as a reader takes it in, with its unit: <c>p(95)&lt;=2000</c> is written <c>p(95) &lt;= 2000 ms</c>,
    /// <c>rate&lt;0.01</c> <c>rate &lt; 1%</c>; text that does not parse is returned as it is.
    /// </summary>
    public static string Threshold(string text)
    {
        if (!ThresholdExpression.TryParse(text, out var expression, out _))
        {
            return text;
        }

        var at = text.IndexOfAny(['<', '>', '=', '!']);
        return $"{text[..at].Trim()} {expression!.Operator} {Observed(expression, expression.Value)}";
    }

    /// <summary>A judged threshold with what was observed, for example <c>p(95)&lt;50 observed 212.4 ms</c>, prefixed with its step when it has one.</summary>
    public static string Judged(ThresholdResult threshold)
    {
        var scope = threshold.Step is null ? "" : threshold.Step + ": ";
        var observed = ThresholdExpression.TryParse(threshold.Expression, out var expression, out _)
            ? Observed(expression!, threshold.Observed)
            : Number(threshold.Observed);
        return $"{scope}{threshold.Expression} observed {observed}";
    }

    /// <summary>The step a recommendation is about, as <c> (step 'get')</c>, or nothing when its message already names it.</summary>
    public static string StepNote(Recommendation recommendation) =>
        recommendation.Step is not { } step || recommendation.Message.Contains($"'{step}'", StringComparison.Ordinal) ? "" : $" (step '{step}')";
}
