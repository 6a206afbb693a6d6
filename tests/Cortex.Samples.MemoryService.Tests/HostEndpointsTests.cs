using System.Net;
using System.Text.Json;
using static Cortex.Samples.MemoryService.Tests.MemoryServiceFixture;

namespace Cortex.Samples.MemoryService.Tests;

public sealed class HostEndpointsTests(MemoryServiceFixture service) : IClassFixture<MemoryServiceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HealthReady_Embedded_IsHealthy()
    {
        using var response = await service.Http.GetAsync("/health/ready", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task HealthLive_IsHealthy()
    {
        using var response = await service.Http.GetAsync("/health/live", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterRequests_ContainCortexMetrics()
    {
        var project = NewProject();
        await service.StoreAsync(Item("entity", new { title = "metrics" }, project));
        await service.FindAsync(new { query = "metrics", scope = new { project } });

        var text = await service.Http.GetStringAsync("/metrics", Ct);

        Assert.Contains("cortex_qdrant_pool_", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration", text, StringComparison.Ordinal);

        // The runtime meter, which `cortex-load run --target-metrics` reads for its leak verdict.
        Assert.Contains("\ndotnet_process_memory_working_set_bytes{", text, StringComparison.Ordinal);
        Assert.Contains("\ndotnet_gc_last_collection_heap_size_bytes{", text, StringComparison.Ordinal);
        Assert.Contains("\ndotnet_process_cpu_time_seconds_total{", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrafanaDashboard_ReadsTheMetricsThisHostExports()
    {
        var project = NewProject();
        await service.StoreAsync(Item("entity", new { title = "grafana" }, project));
        await service.FindAsync(new { query = "grafana", scope = new { project } });

        using var dashboard = JsonDocument.Parse(await service.Http.GetStringAsync("/slo/grafana-dashboard.json", Ct));
        var metrics = await service.Http.GetStringAsync("/metrics", Ct);

        var exported = metrics.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('{', ' ')[0]).ToHashSet(StringComparer.Ordinal);
        var read = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .SelectMany(t => System.Text.RegularExpressions.Regex.Matches(t.GetProperty("expr").GetString()!, @"\b(?:cortex|gen_ai|http_server)_[a-zA-Z0-9_]+").Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);

        // Counters appear on the first event, so cache misses or errors may not exist yet; what this traffic makes must match by name.
        string[] made =
        [
            "http_server_request_duration_seconds_bucket", "http_server_request_duration_seconds_count",
            "cortex_qdrant_pool_requests_total", "cortex_qdrant_pool_request_duration_seconds_bucket", "cortex_qdrant_pool_connections_open",
            "cortex_qdrant_pool_connections_busy", "cortex_qdrant_pool_queue_length", "cortex_qdrant_pool_circuit_state",
            "gen_ai_client_operation_duration_seconds_bucket", "gen_ai_client_token_usage_sum", "cortex_zai_cost_USD_total",
            "cortex_zai_ratelimit_waits_total", "cortex_zai_ratelimit_rejections_total",
        ];
        Assert.All(made, m => Assert.Contains(m, exported));
        Assert.All(made, m => Assert.Contains(m, read));
        Assert.Contains("otel_scope_name=\"Cortex.Qdrant.Pooling\"", metrics, StringComparison.Ordinal);
        Assert.Equal("${datasource}", dashboard.RootElement.GetProperty("panels")[1].GetProperty("datasource").GetProperty("uid").GetString());
    }

    [Fact]
    public async Task PrometheusRules_AreServed()
    {
        var rules = await service.Http.GetStringAsync("/slo/prometheus-rules.yaml", Ct);

        Assert.Contains("slo:sli_error:ratio_rate5m", rules, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SystemStatus_HoldsEachComponentsStatus()
    {
        var project = NewProject();
        await service.StoreAsync(Item("entity", new { title = "status" }, project));

        using var status = JsonDocument.Parse(await service.Http.GetStringAsync("/system/status", Ct));
        var root = status.RootElement;

        Assert.Equal("healthy", root.GetProperty("status").GetString());
        Assert.True(root.GetProperty("embedded").GetBoolean());
        var components = root.GetProperty("components");
        Assert.True(components.GetProperty("qdrant").GetProperty("requests").GetInt64() > 0);
        Assert.True(components.GetProperty("zai").GetProperty("embeddedTexts").GetInt64() > 0);
        Assert.True(components.GetProperty("slo").GetProperty("objectives").GetArrayLength() > 0);
    }

    [Fact]
    public async Task SystemStatus_Latencies_AreMillisecondNumbers()
    {
        var project = NewProject();
        await service.StoreAsync(Item("entity", new { title = "latency" }, project));

        using var status = JsonDocument.Parse(await service.Http.GetStringAsync("/system/status", Ct));
        var components = status.RootElement.GetProperty("components");

        foreach (var latency in new[] { components.GetProperty("qdrant").GetProperty("p95"), components.GetProperty("qdrant").GetProperty("nodes")[0].GetProperty("p95"), components.GetProperty("zai").GetProperty("p95") })
        {
            Assert.Equal(JsonValueKind.Number, latency.ValueKind);
        }

        var p95 = components.GetProperty("qdrant").GetProperty("p95").GetDouble();
        Assert.InRange(p95, 0.001, 60_000);
    }

    [Fact]
    public async Task SystemStatus_ZaiEmbeddingsOnly_RequestsAgreeWithUpstreamCalls()
    {
        var project = NewProject();
        await service.StoreAsync(Item("entity", new { title = "agree" }, project));

        using var status = JsonDocument.Parse(await service.Http.GetStringAsync("/system/status", Ct));
        var zai = status.RootElement.GetProperty("components").GetProperty("zai");

        var upstream = zai.GetProperty("upstreamCalls").GetInt64();
        var requests = zai.GetProperty("requests").GetInt64();
        Assert.True(upstream > 0);
        Assert.True(requests > 0, $"requests {requests} beside upstreamCalls {upstream}");
        Assert.Equal(requests, zai.GetProperty("chatRequests").GetInt64() + zai.GetProperty("embeddingRequests").GetInt64());
    }
}
