using System.Text;
using System.Text.Json.Nodes;
using Cortex.Slo.Exports;
using Cortex.Slo.Tests.Support;

namespace Cortex.Slo.Tests.Exports;

public class GrafanaDashboardTests
{
    private static readonly string Json = GrafanaDashboard.Generate(SloSamples.Options(), SloSamples.All);

    private static JsonObject Dashboard => JsonNode.Parse(Json)!.AsObject();

    private static IEnumerable<JsonObject> Panels => Dashboard["panels"]!.AsArray().Select(p => p!.AsObject()).Where(p => (string)p["type"]! != "row");

    [Fact]
    public void Generate_DefaultOptions_HasCurrentSchemaAndADataSourceVariable()
    {
        var dashboard = Dashboard;

        Assert.Equal(GrafanaDashboard.SchemaVersion, (int)dashboard["schemaVersion"]!);
        var variable = dashboard["templating"]!["list"]!.AsArray().Single()!;
        Assert.Equal("datasource", (string)variable["type"]!);
        Assert.Equal("prometheus", (string)variable["query"]!);
        Assert.All(Panels, p => Assert.Equal("${datasource}", (string)p["datasource"]!["uid"]!));
        Assert.All(Panels.SelectMany(p => p["targets"]!.AsArray()), t => Assert.Equal("${datasource}", (string)t!["datasource"]!["uid"]!));
        Assert.Equal("cortex-slo-memory", (string)dashboard["uid"]!);
    }

    [Fact]
    public void Generate_EachBudgetedSlo_HasComplianceBudgetAndBurnRatePanels()
    {
        var titles = Panels.Select(p => (string)p["title"]!).ToList();

        foreach (var slo in new[] { "availability", "latency-p95", "latency-p99" })
        {
            Assert.Contains($"{slo} compliance (30d)", titles);
            Assert.Contains($"{slo} error budget left", titles);
            Assert.Contains($"{slo} burn rate per window", titles);
        }

        Assert.DoesNotContain(titles, t => t.StartsWith("throughput", StringComparison.Ordinal));
        Assert.Contains("Latency percentiles", titles);
        Assert.Contains("Qdrant p95 by node", titles);
        Assert.Contains("Z.AI cache hit ratio", titles);
    }

    [Fact]
    public void Generate_BurnRates_AreTheRulesExpressionsForEveryWindow()
    {
        var rules = PrometheusRules.Generate(SloSamples.Options(), SloSamples.All);
        var burn = Panel("availability burn rate per window");

        var legends = burn["targets"]!.AsArray().Select(t => (string)t!["legendFormat"]!).ToList();
        Assert.Equal(["5m", "30m", "1h", "6h", "3d"], legends);

        // The rules record the 5m one as the current burn rate, with the same text.
        var fiveMinutes = (string)burn["targets"]![0]!["expr"]!;
        Assert.Equal("slo:sli_error:ratio_rate5m{slo_service=\"memory\",slo=\"availability\"} / 0.001", fiveMinutes);
        var current = YamlDocs.Load(rules).Single().Seq("groups").Maps().SelectMany(g => g.Seq("rules").Maps())
            .Single(r => r.Has("record") && r.Text("record") == "slo:current_burn_rate:ratio" && r.Map("labels").Text("slo") == "availability");
        Assert.Equal(fiveMinutes, current.Text("expr"));

        var lines = burn["fieldConfig"]!["defaults"]!["thresholds"]!["steps"]!.AsArray().Skip(1).Select(s => (double)s!["value"]!).ToList();
        Assert.Equal([1, 6, 14.4], lines);
    }

    [Fact]
    public void Generate_PoolAndZaiPanels_ReadTheMetersAsTheExporterNamesThem()
    {
        var exprs = string.Join("\n", Expressions());

        Assert.Contains("cortex_qdrant_pool_request_duration_seconds_bucket{otel_scope_name=\"Cortex.Qdrant.Pooling\"}", exprs, StringComparison.Ordinal);
        Assert.Contains("cortex_qdrant_pool_requests_total{otel_scope_name=\"Cortex.Qdrant.Pooling\"}", exprs, StringComparison.Ordinal);
        Assert.Contains("sum by (cortex_node_id)", exprs, StringComparison.Ordinal);
        Assert.Contains("cortex_zai_cache_hits_total{otel_scope_name=\"Cortex.Zai.Optimized\"}", exprs, StringComparison.Ordinal);
        Assert.Contains("gen_ai_client_operation_duration_seconds_bucket", exprs, StringComparison.Ordinal);
        Assert.Contains("cortex_zai_cost_USD_total", exprs, StringComparison.Ordinal);
        Assert.Contains("histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket{service_name=\"memory\"}[$__rate_interval])))", exprs, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_WithPromtool_EveryExpressionParses()
    {
        var promtool = Promtool.FindOrSkip();
        using var dir = new TempDirectory();
        var rules = new StringBuilder("groups:\n  - name: cortex-grafana-dashboard\n    rules:\n");
        var i = 0;
        foreach (var expr in Expressions())
        {
            rules.Append("      - record: cortex:dashboard_expr:").Append(i++).Append("\n        expr: |-\n");
            foreach (var line in ForPromtool(expr).Split('\n'))
            {
                rules.Append("          ").Append(line).Append('\n');
            }
        }

        File.WriteAllText(Path.Combine(dir.Path, "dashboard.yaml"), rules.ToString());

        var check = Promtool.Run(promtool, dir.Path, "check", "rules", "dashboard.yaml");

        Assert.True(i > 30, $"only {i} expressions");
        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains($"SUCCESS: {i} rules found", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_WithPromtool_PanelsShowTheExpectedValuesOnSyntheticSeries()
    {
        var promtool = Promtool.FindOrSkip();
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "rules.yaml"), PrometheusRules.Generate(SloSamples.Options(), SloSamples.All));

        // 1 request in 2000 fails (ratio 0.0005, half the 0.001 budget); 90% are within 100 ms and all within 500 ms.
        var test = $"""
            rule_files: [rules.yaml]
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series:
                  - series: 'http_server_request_duration_seconds_count{"{"}service_name="memory",http_response_status_code="200"{"}"}'
                    values: '0+1999x180'
                  - series: 'http_server_request_duration_seconds_count{"{"}service_name="memory",http_response_status_code="503"{"}"}'
                    values: '0+1x180'
                  - series: 'http_server_request_duration_seconds_bucket{"{"}service_name="memory",le="0.1"{"}"}'
                    values: '0+1800x180'
                  - series: 'http_server_request_duration_seconds_bucket{"{"}service_name="memory",le="0.5"{"}"}'
                    values: '0+2000x180'
                  - series: 'http_server_request_duration_seconds_bucket{"{"}service_name="memory",le="2"{"}"}'
                    values: '0+2000x180'
                  - series: 'http_server_request_duration_seconds_bucket{"{"}service_name="memory",le="5"{"}"}'
                    values: '0+2000x180'
                  - series: 'http_server_request_duration_seconds_bucket{"{"}service_name="memory",le="+Inf"{"}"}'
                    values: '0+2000x180'
                promql_expr_test:
                  - expr: round(({Query("availability error budget left")}) * 1000)
                    eval_time: 150m
                    exp_samples:
                      - labels: '{"{"}slo="availability",slo_service="memory",slo_objective="0.999"{"}"}'
                        value: 500
                  - expr: round(({Query("availability burn rate per window", "1h")}) * 1000)
                    eval_time: 150m
                    exp_samples:
                      - labels: '{"{"}slo="availability",slo_service="memory",slo_objective="0.999"{"}"}'
                        value: 500
                  - expr: round(({Query("availability compliance (30d)")}) * 100000)
                    eval_time: 150m
                    exp_samples:
                      - labels: '{"{"}slo="availability",slo_service="memory",slo_objective="0.999"{"}"}'
                        value: 99950
                  - expr: round(({Query("Latency percentiles", "p95")}) * 1000)
                    eval_time: 150m
                    exp_samples:
                      - labels: '{"{"}{"}"}'
                        value: 300
                  - expr: round(({Query("Error ratio")}) * 100000)
                    eval_time: 150m
                    exp_samples:
                      - labels: '{"{"}{"}"}'
                        value: 50
            """;
        File.WriteAllText(Path.Combine(dir.Path, "test.yaml"), test);

        var run = Promtool.Run(promtool, dir.Path, "test", "rules", "test.yaml");

        Assert.True(run.ExitCode == 0, run.Output + "\n" + test);
    }

    private static JsonObject Panel(string title) => Panels.Single(p => (string)p["title"]! == title);

    /// <summary>A panel's query as promtool reads it, on one line for the YAML.</summary>
    private static string Query(string title, string? legend = null)
    {
        var targets = Panel(title)["targets"]!.AsArray();
        var target = legend is null ? targets.Single()! : targets.Single(t => (string)t!["legendFormat"]! == legend)!;
        return ForPromtool((string)target["expr"]!).Replace('\n', ' ');
    }

    private static IEnumerable<string> Expressions() => Panels.SelectMany(p => p["targets"]!.AsArray()).Select(t => (string)t!["expr"]!);

    /// <summary>Grafana's interval variable is not PromQL; in Grafana it is at least four scrape intervals.</summary>
    private static string ForPromtool(string expr) => expr.Replace(GrafanaDashboard.RateInterval, "5m", StringComparison.Ordinal);
}
