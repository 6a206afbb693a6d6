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
