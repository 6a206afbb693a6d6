using System.Globalization;
using Cortex.Internal;
using Cortex.LoadTesting.Analysis;
using HdrHistogram;

namespace Cortex.LoadTesting.Thresholds;

/// <summary>A parsed k6-style threshold expression: <c>metric op value</c>.</summary>
internal sealed class ThresholdExpression
{
    private ThresholdExpression(string text, ThresholdMetric metric, double percentile, string op, double value)
    {
        Text = text;
        Metric = metric;
        Percentile = percentile;
        Operator = op;
        Value = value;
    }

    public const string ChecksPrefix = "checks:";

    public string Text { get; }

    public ThresholdMetric Metric { get; }

    public double Percentile { get; }

    public string Operator { get; }

    public double Value { get; }

    /// <summary>Gets a value indicating whether the metric is a latency (needs the histogram).</summary>
    public bool IsLatency => Metric is ThresholdMetric.Percentile or ThresholdMetric.Average or ThresholdMetric.Min or ThresholdMetric.Max;

    public static bool TryParse(string? text, out ThresholdExpression? expression, out string error)
    {
        expression = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty; write it as metric<value, for example p(95)<2000";
            return false;
        }

        var s = text.Replace(" ", "", StringComparison.Ordinal);

        // k6 keys a threshold by its metric: "checks: rate>0.99" is the share of passed response checks.
        var checks = s.StartsWith(ChecksPrefix, StringComparison.OrdinalIgnoreCase);
        if (checks)
        {
            s = s[ChecksPrefix.Length..];
        }

        var opIndex = s.IndexOfAny(['<', '>', '=', '!']);
        if (opIndex <= 0)
        {
            error = $"'{text}' has no comparison; write it as metric<value, for example p(95)<2000";
            return false;
        }

        var opLength = opIndex + 1 < s.Length && s[opIndex + 1] == '=' ? 2 : 1;
        var op = s.Substring(opIndex, opLength);
        if (op is not ("<" or "<=" or ">" or ">=" or "==" or "!="))
        {
            error = $"'{text}' has an unknown operator '{op}'; use < <= > >= == !=";
            return false;
        }

        if (!double.TryParse(s.AsSpan(opIndex + opLength), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            error = $"'{text}' does not end in a number";
            return false;
        }

        var name = s[..opIndex].ToLowerInvariant();
        if (checks)
        {
            if (name != "rate")
            {
                error = $"'{text}' judges checks by their rate only; write it as checks: rate>0.99";
                return false;
            }

            expression = new ThresholdExpression(text.Trim(), ThresholdMetric.Checks, 0, op, value);
            return true;
        }

        ThresholdMetric metric;
        double percentile = 0;
        switch (name)
        {
            case "avg": metric = ThresholdMetric.Average; break;
            case "med": metric = ThresholdMetric.Percentile; percentile = 50; break;
            case "min": metric = ThresholdMetric.Min; break;
            case "max": metric = ThresholdMetric.Max; break;
            case "rate": metric = ThresholdMetric.ErrorRate; break;
            case "availability": metric = ThresholdMetric.Availability; break;
            case "throughput": metric = ThresholdMetric.Throughput; break;
            case "count": metric = ThresholdMetric.Count; break;
            default:
                if (name.StartsWith("p(", StringComparison.Ordinal) && name.EndsWith(')')
                    && double.TryParse(name.AsSpan(2, name.Length - 3), NumberStyles.Float, CultureInfo.InvariantCulture, out percentile)
                    && percentile is >= 0 and <= 100)
                {
                    metric = ThresholdMetric.Percentile;
                    break;
                }

                error = $"'{text}' has an unknown metric '{name}'; use p(N), avg, med, min, max, rate, availability, throughput or count";
                return false;
        }

        expression = new ThresholdExpression(text.Trim(), metric, percentile, op, value);
        return true;
    }

    public static ThresholdExpression Parse(string text) =>
        TryParse(text, out var e, out var error) ? e! : throw new FormatException($"Threshold {error}.");

    /// <summary>The observed value of the metric: latency in milliseconds, rates as fractions, throughput per second.</summary>
    public double Observe(long count, long errors, TimeSpan period, HistogramBase? latency) => Metric switch
    {
        ThresholdMetric.Percentile => latency is null || latency.TotalCount == 0 ? 0 : latency.GetValueAtPercentile(Percentile) / 1000.0,
        ThresholdMetric.Average => latency is null || latency.TotalCount == 0 ? 0 : latency.GetMean() / 1000.0,
        ThresholdMetric.Min => latency is null || latency.TotalCount == 0 ? 0 : latency.GetValueAtPercentile(0) / 1000.0,
        ThresholdMetric.Max => latency is null || latency.TotalCount == 0 ? 0 : latency.GetMaxValue() / 1000.0,
        ThresholdMetric.ErrorRate => count == 0 ? 0 : (double)errors / count,
        ThresholdMetric.Availability => count == 0 ? 1 : 1 - ((double)errors / count),
        ThresholdMetric.Throughput => period <= TimeSpan.Zero ? 0 : count / period.TotalSeconds,
        ThresholdMetric.Count => count,

        // count is the checks run, errors the checks failed: the observed value is the share that passed.
        ThresholdMetric.Checks => count == 0 ? 0 : (double)(count - errors) / count,
        _ => throw new InvalidOperationException(),
    };

    public bool IsMet(double observed) => Operator switch
    {
        "<" => observed < Value,
        "<=" => observed <= Value,
        ">" => observed > Value,
        ">=" => observed >= Value,
        "==" => observed == Value,
        _ => observed != Value,
    };

    /// <summary>A value in this threshold's unit: milliseconds, a fraction as a percentage, a rate per second or a count.</summary>
    public string Format(double value) => Metric switch
    {
        ThresholdMetric.ErrorRate or ThresholdMetric.Availability or ThresholdMetric.Checks => Figures.Percent(value),
        ThresholdMetric.Throughput => Figures.PerSecond(value),
        ThresholdMetric.Count => double.IsFinite(value) ? Figures.Count((long)value) : Figures.Number(value),
        _ => Figures.Milliseconds(value),
    };

    /// <summary>
    /// A threshold as a reader takes it in, with its unit: <c>p(95)&lt;=2000</c> is written <c>p(95) &lt;= 2000 ms</c>,
    /// <c>rate&lt;0.01</c> <c>rate &lt; 1%</c>; text that does not parse is returned as it is.
    /// </summary>
    public static string Describe(string text)
    {
        if (!TryParse(text, out var expression, out _))
        {
            return text;
        }

        var at = text.IndexOfAny(['<', '>', '=', '!']);
        return $"{text[..at].Trim()} {expression!.Operator} {expression.Format(expression.Value)}";
    }

    public override string ToString() => Text;
}

internal enum ThresholdMetric
{
    Percentile,
    Average,
    Min,
    Max,
    ErrorRate,
    Availability,
    Throughput,
    Count,
    Checks,
}
