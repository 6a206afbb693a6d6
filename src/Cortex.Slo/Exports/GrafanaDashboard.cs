using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Abstractions.Telemetry;
using Cortex.Slo.Internal;
using Cortex.Slo.Status;

namespace Cortex.Slo.Exports;

/// <summary>
/// Writes a Grafana dashboard (JSON model, <see cref="SchemaVersion"/>) for the SLOs and the Cortex meters: per SLO its
/// compliance, budget left and burn rate per alert window (read from the series the Prometheus rules record, through
/// <see cref="SloQueries"/>, so the two agree), the request rate, error ratio and latency percentiles from the
/// request-duration histogram's buckets, then the Qdrant pool's and the Z.AI client's panels. The data source is a
/// template variable, so the file names no data source of the Grafana it is imported into.
/// </summary>
internal static class GrafanaDashboard
{
    /// <summary>The dashboard JSON schema version of Grafana 12.</summary>
    public const int SchemaVersion = 41;

    /// <summary>The range Grafana widens to at least four scrape intervals; tests put a fixed window in its place.</summary>
    public const string RateInterval = "$__rate_interval";

    private const string DataSourceVariable = "datasource";

    private static readonly double[] Quantiles = [0.5, 0.9, 0.95, 0.99];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    // The Cortex instruments the panels read, named as the packages create them (Cortex.Slo references neither package).
    private static readonly string PoolRequests = Metric("cortex.qdrant.pool.requests", "{request}", PrometheusMetricKind.Counter);
    private static readonly string PoolErrors = Metric("cortex.qdrant.pool.errors", "{error}", PrometheusMetricKind.Counter);
    private static readonly string PoolDuration = Metric("cortex.qdrant.pool.request.duration", "s", PrometheusMetricKind.Histogram);
    private static readonly string PoolOpen = Metric("cortex.qdrant.pool.connections.open", "{connection}", PrometheusMetricKind.Gauge);
    private static readonly string PoolBusy = Metric("cortex.qdrant.pool.connections.busy", "{connection}", PrometheusMetricKind.Gauge);
    private static readonly string PoolQueue = Metric("cortex.qdrant.pool.queue.length", "{request}", PrometheusMetricKind.Gauge);
    private static readonly string PoolCircuit = Metric("cortex.qdrant.pool.circuit.state", "{state}", PrometheusMetricKind.Gauge);
    private static readonly string ZaiDuration = Metric("gen_ai.client.operation.duration", "s", PrometheusMetricKind.Histogram);
    private static readonly string ZaiTokens = Metric("gen_ai.client.token.usage", "{token}", PrometheusMetricKind.Histogram);
    private static readonly string ZaiHits = Metric("cortex.zai.cache.hits", "{request}", PrometheusMetricKind.Counter);
    private static readonly string ZaiMisses = Metric("cortex.zai.cache.misses", "{request}", PrometheusMetricKind.Counter);
    private static readonly string ZaiDedup = Metric("cortex.zai.dedup.joins", "{request}", PrometheusMetricKind.Counter);
    private static readonly string ZaiErrors = Metric("cortex.zai.errors", "{error}", PrometheusMetricKind.Counter);
    private static readonly string ZaiCost = Metric("cortex.zai.cost", "USD", PrometheusMetricKind.Counter);
    private static readonly string ZaiWaits = Metric("cortex.zai.ratelimit.waits", "{request}", PrometheusMetricKind.Counter);
    private static readonly string ZaiRejections = Metric("cortex.zai.ratelimit.rejections", "{request}", PrometheusMetricKind.Counter);

    /// <summary>Gets every Cortex metric the dashboard reads, as the exporter names it (without <c>_bucket</c> for histograms).</summary>
    public static IReadOnlyList<string> CortexMetrics { get; } =
        [PoolRequests, PoolErrors, PoolDuration, PoolOpen, PoolBusy, PoolQueue, PoolCircuit, ZaiDuration, ZaiTokens, ZaiHits, ZaiMisses, ZaiDedup, ZaiErrors, ZaiCost, ZaiWaits, ZaiRejections];

    public static string Generate(SloOptions options, IReadOnlyList<SloDefinition> slos)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (slis, skipped) = PrometheusSli.All(options, slos);
        var layout = new Layout();

        foreach (var sli in slis)
        {
            layout.Row($"SLO {sli.Slo.Name}: {sli.Slo.Description}");
            layout.Add(Stat($"{sli.Slo.Name} compliance ({Names.Duration(options.SloWindow)})", "percentunit", SloQueries.Compliance(options, sli),
                $"Good-event fraction over the SLO window; the objective is {Names.Number(sli.Objective)}.", (0, "red"), ((double)sli.Objective, "green")), 6);
            layout.Add(Stat($"{sli.Slo.Name} error budget left", "percentunit", SloQueries.RecordedBudgetRemaining(options, sli),
                $"Fraction of the {Names.Duration(options.SloWindow)} error budget left (negative when overspent), as the rules record it.", (double.NegativeInfinity, "red"), (0, "orange"), (0.5, "green")), 6);
            var windows = SloQueries.Windows(options);
            var factors = options.BurnRateAlerts.Select(r => r.Factor).Distinct().Order().ToList();
            layout.Add(TimeSeries($"{sli.Slo.Name} burn rate per window", "none",
                [.. windows.Select(w => (SloQueries.BurnRate(options, sli, w), Names.Duration(w)))],
                "Error ratio over each alert window divided by the error budget; the lines are the alert factors (both windows of a rule above its factor fire it).",
                [.. factors.Select(f => ((double)f, "red"))]), 12);
        }

        layout.Row("Requests");
        var total = PrometheusSli.Series(options.Prometheus.RequestDurationMetric.Trim() + "_count", options.Prometheus.Selector);
        var failed = PrometheusSli.Series(options.Prometheus.RequestDurationMetric.Trim() + "_count", options.Prometheus.Selector, options.Prometheus.ErrorFilter);
        layout.Add(TimeSeries("Request rate", "reqps", [($"sum(rate({total}[{RateInterval}]))", "requests")], "Requests per second over the fleet."), 8);
        layout.Add(TimeSeries("Error ratio", "percentunit",
            [($"sum(rate({failed}[{RateInterval}]))\n/\nsum(rate({total}[{RateInterval}]))", "failed")],
            "Failed requests over all requests.",
            [.. slis.Where(s => !s.NumeratorIsGood).Select(s => ((double)s.ErrorBudget, "red"))]), 8);
        layout.Add(TimeSeries("Latency percentiles", "s",
            [.. Quantiles.Select(q => (SloQueries.LatencyQuantile(options.Prometheus, q, RateInterval), "p" + (q * 100).ToString("0.#", CultureInfo.InvariantCulture)))],
            "Estimated from the request-duration histogram's buckets (histogram_quantile); the lines are the latency SLOs' thresholds.",
            [.. slis.Where(s => s.NumeratorIsGood).Select(s => (s.Slo.LatencyThreshold!.Value.TotalSeconds, "red"))]), 8);

        var pool = PrometheusMetric.Scope(CortexTelemetry.QdrantPooling);
        var node = PrometheusMetric.Label(CortexTags.NodeId);
        layout.Row("Qdrant pool (" + CortexTelemetry.QdrantPooling + ")");
        layout.Add(TimeSeries("Qdrant attempts by node", "reqps", [($"sum by ({node}) (rate({PoolRequests}{{{pool}}}[{RateInterval}]))", $"{{{{{node}}}}}")], "Attempts sent to each Qdrant node per second."), 8);
        layout.Add(TimeSeries("Qdrant p95 by node", "s",
            [(SloQueries.Quantile(0.95, $"{PoolDuration}_bucket{{{pool}}}", RateInterval, by: node), $"{{{{{node}}}}}")], "Duration of one attempt on one node."), 8);
        layout.Add(TimeSeries("Qdrant errors by node", "percentunit",
            [($"sum by ({node}) (rate({PoolErrors}{{{pool}}}[{RateInterval}]))\n/\nsum by ({node}) (rate({PoolRequests}{{{pool}}}[{RateInterval}]))", $"{{{{{node}}}}}")], "Failed attempts over all attempts."), 8);
        layout.Add(TimeSeries("Qdrant connections", "short",
        [
            ($"sum by ({node}) ({PoolOpen}{{{pool}}})", $"open {{{{{node}}}}}"),
            ($"sum by ({node}) ({PoolBusy}{{{pool}}})", $"busy {{{{{node}}}}}"),
            ($"sum({PoolQueue}{{{pool}}})", "queued"),
        ], "Open and busy connections per node, and requests waiting for one."), 12);
        layout.Add(TimeSeries("Qdrant circuit state", "short", [($"max by ({node}) ({PoolCircuit}{{{pool}}})", $"{{{{{node}}}}}")],
            "0 closed, 1 open, 2 half-open, 3 isolated.", [(1, "red")]), 12);

        var zai = PrometheusMetric.Scope(CortexTelemetry.ZaiOptimized);
        var tier = PrometheusMetric.Label(CortexTags.CacheTier);
        var operation = PrometheusMetric.Label(CortexTags.GenAiOperation);
        layout.Row("Z.AI (" + CortexTelemetry.ZaiOptimized + ")");
        layout.Add(TimeSeries("Z.AI cache hit ratio", "percentunit",
        [
            ($"sum by ({tier}) (rate({ZaiHits}{{{zai}}}[{RateInterval}]))\n/ scalar(\n  sum(rate({ZaiHits}{{{zai}}}[{RateInterval}])) + sum(rate({ZaiMisses}{{{zai}}}[{RateInterval}]))\n)", $"{{{{{tier}}}}}"),
        ], "Cacheable requests answered by each cache tier (memory L1, Redis L2)."), 8);
        layout.Add(TimeSeries("Z.AI operation p95", "s",
            [(SloQueries.Quantile(0.95, $"{ZaiDuration}_bucket{{{zai}}}", RateInterval, by: operation), $"{{{{{operation}}}}}")], "Duration of GenAI operations, whatever answered them."), 8);
        layout.Add(TimeSeries("Z.AI dedup and limiter", "reqps",
        [
            ($"sum(rate({ZaiDedup}{{{zai}}}[{RateInterval}]))", "joined an identical call"),
            ($"sum(rate({ZaiWaits}{{{zai}}}[{RateInterval}]))", "waited for a permit"),
            ($"sum(rate({ZaiRejections}{{{zai}}}[{RateInterval}]))", "rejected by the limiter"),
        ], "Requests per second that joined an in-flight identical call, waited for a rate-limit permit, or were refused."), 8);
        var tokenType = PrometheusMetric.Label("gen_ai.token.type");
        var errorType = PrometheusMetric.Label(CortexTags.ErrorType);
        layout.Add(TimeSeries("Z.AI tokens", "short", [($"sum by ({tokenType}) (rate({ZaiTokens}_sum{{{zai}}}[{RateInterval}]))", $"{{{{{tokenType}}}}}")], "Tokens billed per second, by type."), 8);
        layout.Add(TimeSeries("Z.AI cost", "currencyUSD", [($"sum(increase({ZaiCost}{{{zai}}}[1h]))", "per hour")], "Estimated cost of upstream calls over the last hour."), 8);
        layout.Add(TimeSeries("Z.AI errors by type", "short", [($"sum by ({errorType}) (rate({ZaiErrors}{{{zai}}}[{RateInterval}]))", $"{{{{{errorType}}}}}")], "Failed calls per second, by Z.AI business code or HTTP status."), 8);

        var description = $"Generated by Cortex.Slo from SloOptions of {options.ServiceName}: regenerate it rather than edit it. " +
            "The SLO panels read the series recorded by the Prometheus rules generated from the same options (ExportPrometheusRules), so load those rules first.";
        if (slis.Count == 0)
        {
            description += " No SLO has a Prometheus query, so there are no SLO panels.";
        }

        var dashboard = new JsonObject
        {
            ["uid"] = Uid(options.ServiceName),
            ["title"] = $"{options.ServiceName} SLOs (Cortex)",
            ["description"] = description + (skipped.Count > 0 ? " " + string.Join(" ", skipped) : ""),
            ["tags"] = new JsonArray("cortex", "slo"),
            ["timezone"] = "browser",
            ["editable"] = true,
            ["graphTooltip"] = 1,
            ["refresh"] = "30s",
            ["time"] = new JsonObject { ["from"] = "now-6h", ["to"] = "now" },
            ["schemaVersion"] = SchemaVersion,
            ["version"] = 1,
            ["templating"] = new JsonObject
            {
                ["list"] = new JsonArray(new JsonObject
                {
                    ["name"] = DataSourceVariable,
                    ["label"] = "Prometheus",
                    ["type"] = "datasource",
                    ["query"] = "prometheus",
                    ["refresh"] = 1,
                    ["hide"] = 0,
                    ["current"] = new JsonObject(),
                }),
            },
            ["annotations"] = new JsonObject { ["list"] = new JsonArray() },
            ["panels"] = layout.Panels,
        };
        return dashboard.ToJsonString(Indented);
    }

    /// <summary>The dashboard's own uid, stable per service so that importing a newer file replaces the older; Grafana allows 40 characters.</summary>
    private static string Uid(string service)
    {
        var uid = Names.DnsLabel("cortex-slo-" + service);
        return uid.Length <= 40 ? uid : Names.DnsLabel(uid[..31].TrimEnd('-') + "-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(service)))[..8]);
    }

    private static string Metric(string instrument, string unit, PrometheusMetricKind kind) => PrometheusMetric.Name(instrument, unit, kind);

    private static JsonObject DataSource() => new() { ["type"] = "prometheus", ["uid"] = "${" + DataSourceVariable + "}" };

    private static JsonObject Stat(string title, string unit, string expr, string description, params (double Value, string Color)[] steps) => new()
    {
        ["type"] = "stat",
        ["title"] = title,
        ["description"] = description,
        ["datasource"] = DataSource(),
        ["targets"] = Targets([(expr, title)]),
        ["fieldConfig"] = new JsonObject
        {
            ["defaults"] = new JsonObject { ["unit"] = unit, ["decimals"] = 3, ["thresholds"] = Thresholds(steps) },
            ["overrides"] = new JsonArray(),
        },
        ["options"] = new JsonObject
        {
            ["reduceOptions"] = new JsonObject { ["calcs"] = new JsonArray("lastNotNull"), ["fields"] = "", ["values"] = false },
            ["colorMode"] = "background",
            ["graphMode"] = "area",
            ["textMode"] = "value",
        },
    };

    private static JsonObject TimeSeries(string title, string unit, IReadOnlyList<(string Expr, string Legend)> queries, string description, IReadOnlyList<(double Value, string Color)>? lines = null)
    {
        var custom = new JsonObject { ["drawStyle"] = "line", ["lineWidth"] = 2, ["fillOpacity"] = 0, ["showPoints"] = "never", ["spanNulls"] = false };
        if (lines is { Count: > 0 })
        {
            custom["thresholdsStyle"] = new JsonObject { ["mode"] = "line" };
        }

        // The base step is transparent so that only the lines show, each drawn at its value.
        (double, string)[] steps = lines is { Count: > 0 } ? [(double.NegativeInfinity, "transparent"), .. lines] : [(0, "green")];
        return new JsonObject
        {
            ["type"] = "timeseries",
            ["title"] = title,
            ["description"] = description,
            ["datasource"] = DataSource(),
            ["targets"] = Targets(queries),
            ["fieldConfig"] = new JsonObject
            {
                ["defaults"] = new JsonObject { ["unit"] = unit, ["custom"] = custom, ["thresholds"] = Thresholds(steps) },
                ["overrides"] = new JsonArray(),
            },
            ["options"] = new JsonObject
            {
                ["legend"] = new JsonObject { ["displayMode"] = "list", ["placement"] = "bottom", ["showLegend"] = true },
                ["tooltip"] = new JsonObject { ["mode"] = "multi", ["sort"] = "desc" },
            },
        };
    }

    private static JsonArray Targets(IReadOnlyList<(string Expr, string Legend)> queries)
    {
        var targets = new JsonArray();
        for (var i = 0; i < queries.Count; i++)
        {
            targets.Add(new JsonObject
            {
                ["refId"] = ((char)('A' + i)).ToString(),
                ["datasource"] = DataSource(),
                ["expr"] = queries[i].Expr,
                ["legendFormat"] = queries[i].Legend,
                ["range"] = true,
            });
        }

        return targets;
    }

    private static JsonObject Thresholds(IReadOnlyList<(double Value, string Color)> steps)
    {
        var list = new JsonArray();
        foreach (var (value, color) in steps.OrderBy(s => s.Value))
        {
            // Grafana's first step is the base: it has no value.
            list.Add(new JsonObject { ["color"] = color, ["value"] = list.Count == 0 ? null : JsonValue.Create(value) });
        }

        return new JsonObject { ["mode"] = "absolute", ["steps"] = list };
    }

    /// <summary>Lays panels out on Grafana's 24-column grid, left to right, a row header before each group.</summary>
    private sealed class Layout
    {
        private const int Height = 8;
        private int _x;
        private int _y;
        private int _id;

        public JsonArray Panels { get; } = [];

        public void Row(string title)
        {
            NewLine();
            Panels.Add(new JsonObject
            {
                ["type"] = "row",
                ["id"] = ++_id,
                ["title"] = title,
                ["collapsed"] = false,
                ["panels"] = new JsonArray(),
                ["gridPos"] = new JsonObject { ["h"] = 1, ["w"] = 24, ["x"] = 0, ["y"] = _y },
            });
            _y += 1;
        }

        public void Add(JsonObject panel, int width)
        {
            if (_x + width > 24)
            {
                NewLine();
            }

            panel["id"] = ++_id;
            panel["gridPos"] = new JsonObject { ["h"] = Height, ["w"] = width, ["x"] = _x, ["y"] = _y };
            Panels.Add(panel);
            _x += width;
        }

        private void NewLine()
        {
            if (_x > 0)
            {
                _y += Height;
                _x = 0;
            }
        }
    }
}
