using System.Globalization;
using System.Text;
using Cortex.Slo.Internal;
using Cortex.Slo.Status;

namespace Cortex.Slo.Exports;

/// <summary>
/// One SLO's indicator as PromQL over the request-duration histogram of <see cref="PrometheusOptions"/>: availability
/// counts failed requests (<c>bad</c>), latency counts requests in the threshold's bucket (<c>good</c>), both against
/// all requests (<c>total</c>). Shared by the Prometheus rules and the OpenSLO export so both read the same series.
/// </summary>
/// <param name="Slo">The SLO.</param>
/// <param name="Total">The series selector of all requests (a counter).</param>
/// <param name="Numerator">The series selector of the good requests (latency) or the bad ones (availability), a counter.</param>
/// <param name="NumeratorIsGood">Whether <paramref name="Numerator"/> counts good requests.</param>
/// <param name="ErrorBudget">The error budget, <c>1 - objective</c>, as an exact decimal so that it prints as <c>0.001</c>.</param>
internal sealed record PrometheusSli(SloDefinition Slo, string Total, string Numerator, bool NumeratorIsGood, decimal ErrorBudget)
{
    /// <summary>The series that feeds the exported SLIs; SLOs on Qdrant or Z.AI series have no query here.</summary>
    public const string RequestSeries = "requests";

    /// <summary>Gets the objective as an exact decimal.</summary>
    public decimal Objective => 1 - ErrorBudget;

    /// <summary>
    /// Builds the SLIs of every exportable SLO, in order, with the reasons the others with an error budget are left out.
    /// </summary>
    /// <exception cref="ArgumentException">An objective is out of range, or two SLOs come out under the same exported name.</exception>
    public static (IReadOnlyList<PrometheusSli> Slis, IReadOnlyList<string> Skipped) All(SloOptions options, IReadOnlyList<SloDefinition> slos)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(slos);
        var slis = new List<PrometheusSli>();
        var skipped = new List<string>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var slo in slos)
        {
            if (For(options.Prometheus, slo, out var reason) is { } sli)
            {
                // Prometheus rejects two groups of one name and OpenSLO two objects of one name.
                if (!names.TryAdd(Slug(options, slo), slo.Name))
                {
                    throw new ArgumentException($"SLOs {names[Slug(options, slo)]} and {slo.Name} are both exported as {Slug(options, slo)}; rename one so that they differ in letters or digits.", nameof(slos));
                }

                slis.Add(sli);
            }
            else if (reason is not null)
            {
                skipped.Add(reason);
            }
        }

        return (slis, skipped);
    }

    /// <summary>
    /// Builds the SLI of an SLO, or says in <paramref name="skipped"/> why it has none: no error budget, a kind other
    /// than availability or latency, or a series other than the HTTP requests.
    /// </summary>
    /// <exception cref="ArgumentException">The objective is not strictly between 0 and 1, or the options name no metric.</exception>
    public static PrometheusSli? For(PrometheusOptions options, SloDefinition slo, out string? skipped)
    {
        skipped = null;
        if (slo.Objective is not { } objective)
        {
            return null;
        }

        if (slo.Kind is not (SloKind.Availability or SloKind.Latency) || slo.Series != RequestSeries)
        {
            skipped = $"SLO {slo.Name} ({slo.Kind}, series {slo.Series}) is not exported: only availability and latency SLOs of the {RequestSeries} series have a Prometheus query.";
            return null;
        }

        if (!(objective > 0 && objective < 1))
        {
            throw new ArgumentException($"SLO {slo.Name} has objective {objective.ToString(CultureInfo.InvariantCulture)}; an objective must be between 0 and 1, exclusive (0.999 for 99.9%).", nameof(slo));
        }

        if (string.IsNullOrWhiteSpace(options.RequestDurationMetric))
        {
            throw new ArgumentException("SloOptions.Prometheus.RequestDurationMetric is empty; set it to the request-duration histogram's Prometheus name, for example http_server_request_duration_seconds.", nameof(options));
        }

        var metric = options.RequestDurationMetric.Trim();
        var total = Series(metric + "_count", options.Selector);
        var budget = 1 - (decimal)objective;
        if (slo.Kind == SloKind.Availability)
        {
            return new PrometheusSli(slo, total, Series(metric + "_count", options.Selector, options.ErrorFilter), NumeratorIsGood: false, budget);
        }

        if (slo.LatencyThreshold is not { } threshold || threshold <= TimeSpan.Zero)
        {
            skipped = $"SLO {slo.Name} is not exported: a latency SLO needs a latency threshold above zero.";
            return null;
        }

        var bucket = BucketMatcher(string.IsNullOrWhiteSpace(options.LatencyBucketLabel) ? "le" : options.LatencyBucketLabel.Trim(), threshold);
        return new PrometheusSli(slo, total, Series(metric + "_bucket", options.Selector, bucket), NumeratorIsGood: true, budget);
    }

    /// <summary>Gets the latency threshold in seconds as the bucket label holds it (<c>2</c>, <c>0.25</c>).</summary>
    public static string Seconds(TimeSpan threshold) => threshold.TotalSeconds.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The error ratio over <paramref name="window"/>: failed over all requests, or one minus the good fraction.</summary>
    public string ErrorRatio(string window)
    {
        var total = $"sum(rate({Total}[{window}]))";
        var numerator = $"sum(rate({Numerator}[{window}]))";
        return NumeratorIsGood
            ? $"1 - (\n  {numerator}\n  /\n  {total}\n)"
            : $"{numerator}\n/\n{total}";
    }

    /// <summary>A PromQL string literal.</summary>
    public static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// The matcher of the bucket whose upper bound is the threshold. Prometheus 3 stores whole bounds as <c>2.0</c>
    /// while Prometheus 2 kept what the exporter wrote (<c>2</c>), so a whole number of seconds matches both.
    /// </summary>
    private static string BucketMatcher(string label, TimeSpan threshold)
    {
        var seconds = Seconds(threshold);
        return threshold.Ticks % TimeSpan.TicksPerSecond == 0
            ? $"{label}=~{Quote(seconds + @"(\.0)?")}"
            : $"{label}={Quote(seconds)}";
    }

    /// <summary>A series selector: the metric with the non-empty matchers joined in braces.</summary>
    public static string Series(string metric, params string[] matchers)
    {
        var joined = new StringBuilder();
        foreach (var matcher in matchers)
        {
            var trimmed = matcher.Trim().Trim(',').Trim();
            if (trimmed.Length > 0)
            {
                joined.Append(joined.Length > 0 ? "," : "").Append(trimmed);
            }
        }

        return joined.Length == 0 ? metric : $"{metric}{{{joined}}}";
    }

    internal static string Label(string name, string value) => name + "=" + Quote(value);

    public static string Slug(SloOptions options, SloDefinition slo) => Names.DnsLabel($"{options.ServiceName}-{slo.Name}");
}
