using System.Text;

namespace Cortex.Slo.Exports;

/// <summary>What an instrument becomes in Prometheus: counters get <c>_total</c>, histograms <c>_bucket</c>/<c>_sum</c>/<c>_count</c>, the rest are gauges.</summary>
internal enum PrometheusMetricKind
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>
/// An instrument's name as the OpenTelemetry Prometheus exporter writes it: every character that is not a letter, digit
/// or <c>_</c> becomes <c>_</c>, the unit is appended (<c>s</c> as <c>seconds</c>; annotations such as
/// <c>{request}</c> and the unit <c>1</c> add nothing), and counters end in <c>_total</c>. The meter's name is the
/// <c>otel_scope_name</c> label, so a query picks a package's series by <see cref="Cortex.Abstractions.Telemetry.CortexTelemetry"/>.
/// </summary>
internal static class PrometheusMetric
{
    public static string Name(string instrument, string? unit, PrometheusMetricKind kind)
    {
        var name = Sanitize(instrument);
        var suffix = unit switch
        {
            null or "" or "1" => "",
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            _ when unit.StartsWith('{') => "",
            _ => Sanitize(unit),
        };
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name += "_" + suffix;
        }

        return kind == PrometheusMetricKind.Counter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    /// <summary>An attribute's name as a label: <c>cortex.node.id</c> becomes <c>cortex_node_id</c>.</summary>
    public static string Label(string attribute) => Sanitize(attribute);

    /// <summary>The matcher of a package's series: <c>otel_scope_name="Cortex.Qdrant.Pooling"</c>.</summary>
    public static string Scope(string meter) => PrometheusSli.Label("otel_scope_name", meter);

    private static string Sanitize(string text)
    {
        var name = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return name.ToString();
    }
}
