using Cortex.Tests.Shared;
using Cortex.Testing.Zai;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using static Cortex.Zai.Optimized.Tests.Infrastructure.ZaiFixture;

namespace Cortex.Zai.Optimized.Tests.DependencyInjection;

public sealed class ZaiHealthCheckTests
{
    private const string ModelsPath = "/api/paas/v4/models";

    [Fact]
    public async Task AddHealthCheck_ApiAnswers_HealthyReadyCheckThatSpendsNoTokens()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);

        var (entry, name) = await CheckAsync(server, o => { });

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(ZaiServiceCollectionExtensions.HealthCheckName, name);
        Assert.Contains("ready", entry.Tags);
        Assert.Equal("not used", entry.Data["redis"]);
        Assert.Equal(1, server.Requests.CountForPath(ModelsPath));
        Assert.Equal(0, server.Requests.CountForPath(ChatPath));
        Assert.Equal(0, server.Requests.CountForPath(EmbeddingsPath));
    }

    [Fact]
    public async Task AddHealthCheck_KeyRefused_UnhealthySayingSoWithoutTheKey()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);

        var (entry, _) = await CheckAsync(server, o => o.ApiKey = "not-the-key-1234567890");

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("refused the API key (HTTP 401)", entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-key", entry.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(503, "Unhealthy")]
    [InlineData(429, "Degraded")]
    public async Task AddHealthCheck_ApiFailsOrLimits_StatusFollows(int status, string expected)
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        server.Faults.FailNext(1, status, status == 429 ? "1302" : "500");

        var (entry, _) = await CheckAsync(server, o => { });

        Assert.Equal(Enum.Parse<HealthStatus>(expected), entry.Status);
        Assert.Equal(status, entry.Data["status"]);
    }

    [Fact]
    public async Task AddHealthCheck_ApiUnreachable_Unhealthy()
    {
        var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        await server.DisposeAsync();

        var (entry, _) = await CheckAsync(server, o => { });

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("cannot be reached", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddHealthCheck_RedisTierUpThenDown_HealthyThenDegraded()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        var redis = await RedisRequirement.StartRedisOrSkipAsync();
        try
        {
            using var host = Host(server, o => UseRedisCache(o, redis.ConnectionString), out _);
            var checks = host.Services.GetRequiredService<HealthCheckService>();
            await host.Services.GetRequiredService<ZaiOptimizedClient>().SettleRedisAsync(TimeSpan.FromSeconds(20));

            var up = (await checks.CheckHealthAsync(Ct)).Entries.Single().Value;
            await redis.DisposeAsync();
            var down = (await checks.CheckHealthAsync(Ct)).Entries.Single().Value;

            Assert.Equal(HealthStatus.Healthy, up.Status);
            Assert.StartsWith("up", (string)up.Data["redis"], StringComparison.Ordinal);
            Assert.Equal(HealthStatus.Degraded, down.Status);
            Assert.Equal("down", down.Data["redis"]);
            Assert.Contains("memory-only", down.Description, StringComparison.Ordinal);
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task AddKeyedCortexZai_AddHealthCheck_NamedAfterTheKeyAndChecksThatClient()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        ZaiClientBuilder? keyed = null;
        using var host = TestHosts.Build([], (s, _) =>
        {
            s.AddCortexZai(o => Point(o, server));
            keyed = s.AddKeyedCortexZai("coding", o => { Point(o, server); o.ApiKey = "wrong-key-for-coding-000"; }).AddHealthCheck();
        });

        var entry = Assert.Single((await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct)).Entries);

        Assert.Equal("cortex-zai-coding", entry.Key);
        Assert.Equal(keyed!.HealthCheckName, entry.Key);
        Assert.Equal(HealthStatus.Unhealthy, entry.Value.Status);
    }

    private static async Task<(HealthReportEntry Entry, string Name)> CheckAsync(ZaiTestServer server, Action<ZaiClientOptions> configure)
    {
        using var host = Host(server, configure, out var builder);
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"), Ct);
        var entry = Assert.Single(report.Entries);
        Assert.Equal(builder.HealthCheckName, entry.Key);
        return (entry.Value, entry.Key);
    }

    private static Microsoft.Extensions.Hosting.IHost Host(ZaiTestServer server, Action<ZaiClientOptions> configure, out ZaiClientBuilder builder)
    {
        ZaiClientBuilder? added = null;
        var host = TestHosts.Build([], (s, _) => added = s.AddCortexZai(o =>
        {
            Point(o, server);
            configure(o);
        }).AddHealthCheck());
        builder = added!;
        return host;
    }

    private static void Point(ZaiClientOptions o, ZaiTestServer server)
    {
        o.ApiKey = server.ApiKey;
        o.BaseUrl = server.BaseUri.ToString();
    }
}
