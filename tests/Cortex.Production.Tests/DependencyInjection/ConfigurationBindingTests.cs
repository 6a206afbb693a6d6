using Cortex.Production.Tests.Infrastructure;
using Cortex.Qdrant.Pooling;
using Cortex.Slo;
using Cortex.Zai.Optimized;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cortex.Production.Tests.DependencyInjection;

// The shipped config/production.json through every entry point, with non-default values: OneSchemaTests.
public sealed class ConfigurationBindingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void AddCortexProduction_EnvironmentVariables_BindToTheRightOptions()
    {
        using var host = ProductionHosts.Build(new Dictionary<string, string?>
        {
            ["QDRANT_URL"] = "http://10.0.0.1:6334",
            ["QDRANT_API_KEY"] = "qdrant-key",
            ["QDRANT_ADDITIONAL_NODES"] = "http://10.0.0.2:6334,http://10.0.0.3:6334",
            ["ZAI_API_KEY"] = "zai-key",
            ["ZAI_BASE_URL"] = "https://zai.example/api/paas/v4",
            ["ZAI_MODEL"] = "glm-4.5-air",
            ["APP_VERSION"] = "2.1.0",
            ["AWS_REGION"] = "eu-west-1",
            ["ALERT_WEBHOOK_URL"] = "https://hooks.example/alert",
            ["ALERT_EMAIL_RECIPIENTS"] = "a@example.com, b@example.com",
            ["ENABLE_PERFORMANCE_MONITORING"] = "true",
            ["METRICS_RETENTION_DAYS"] = "3",
            ["SLO_RESPONSE_TIME_P95"] = "1500",
            ["SLO_RESPONSE_TIME_P99"] = "4000",
            ["SLO_ERROR_RATE"] = "2",
            ["SLO_AVAILABILITY"] = "99.5",
        });

        var pool = host.Services.GetRequiredService<IOptions<QdrantPoolOptions>>().Value;
        Assert.Equal(["http://10.0.0.1:6334", "http://10.0.0.2:6334", "http://10.0.0.3:6334"], pool.Nodes.Select(n => n.Url));
        Assert.All(pool.Nodes, n => Assert.Equal("qdrant-key", n.ApiKey));

        var zai = host.Services.GetRequiredService<IOptions<ZaiClientOptions>>().Value;
        Assert.Equal("zai-key", zai.ApiKey);
        Assert.Equal("https://zai.example/api/paas/v4", zai.BaseUrl);
        Assert.Equal("glm-4.5-air", zai.Model);

        var slo = host.Services.GetRequiredService<IOptions<SloOptions>>().Value;
        Assert.True(slo.Enabled);
        Assert.Equal(TimeSpan.FromDays(3), slo.Retention);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), slo.ResponseTime.P95);
        Assert.Equal(TimeSpan.FromMilliseconds(4000), slo.ResponseTime.P99);
        Assert.Equal(0.02, slo.ErrorRate.Warning, 9);
        Assert.Equal(0.995, slo.Availability, 9);
        Assert.Equal(new Uri("https://hooks.example/alert"), slo.Alerting.Webhook.Url);
        Assert.Equal(["a@example.com", "b@example.com"], slo.Alerting.Email.Recipients);

        var production = host.Services.GetRequiredService<IOptions<ProductionOptions>>().Value;
        Assert.Equal("2.1.0", production.Environment.Version);
        Assert.Equal("eu-west-1", production.Environment.Region);
        Assert.True(production.EnablePerformanceMonitoring);
        Assert.Equal(1500, production.SloTargets.ResponseTimeP95);
        Assert.Equal(4000, production.SloTargets.ResponseTimeP99);
        Assert.Equal(2, production.SloTargets.ErrorRate);
        Assert.Equal(99.5, production.SloTargets.Availability);
    }

    [Fact]
    public async Task StartAsync_BadPoolValue_FailsNamingTheKey()
    {
        using var host = ProductionHosts.Build(new Dictionary<string, string?>
        {
            ["QDRANT_URL"] = "http://127.0.0.1:6334",
            ["ZAI_API_KEY"] = "key",
            ["qdrant:pool:maxConnections"] = "lots",
        });

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(Ct));

        // The binder names the key with the setting's own casing (configuration keys are case-insensitive).
        Assert.Contains("qdrant:pool:maxConnections", ex.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("'lots'", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_ZaiEnabledWithoutKey_FailsNamingTheVariable()
    {
        using var host = ProductionHosts.Build(new Dictionary<string, string?>
        {
            ["production:enableConnectionPooling"] = "false",
        });
        var optimizer = host.Services.GetRequiredService<ProductionOptimizer>();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => optimizer.InitializeAsync(Ct));

        Assert.Contains("Z.AI is enabled but ZAI_API_KEY is not set", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_PoolingEnabledWithoutUrl_FailsNamingTheVariable()
    {
        using var host = ProductionHosts.Build(new Dictionary<string, string?>
        {
            ["production:enableOptimizedZaiClient"] = "false",
        });
        var optimizer = host.Services.GetRequiredService<ProductionOptimizer>();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => optimizer.InitializeAsync(Ct));

        Assert.Contains("QDRANT_URL is not set", ex.Message, StringComparison.Ordinal);
    }
}
