using Cortex.Tests.Shared;
using Cortex.Abstractions.Steps;
using Cortex.Qdrant.Pooling.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cortex.Qdrant.Pooling.Tests.DependencyInjection;

public sealed class ServiceCollectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;


    [Fact]
    public async Task AddCortexQdrantPooling_FromConfigurationSection_BindsEveryOptionAndNode()
    {
        using var host = TestHosts.Build(
            new()
            {
                ["qdrant:pool:MaxConnections"] = "7",
                ["qdrant:pool:MinConnections"] = "2",
                ["qdrant:pool:RequestTimeout"] = "00:00:05",
                ["qdrant:pool:LoadBalancing"] = "PowerOfTwoChoices",
                ["qdrant:pool:Nodes:0:Id"] = "east",
                ["qdrant:pool:Nodes:0:Url"] = "http://127.0.0.1:6334",
                ["qdrant:pool:Nodes:0:Weight"] = "3",
                ["qdrant:pool:Nodes:1:Id"] = "west",
                ["qdrant:pool:Nodes:1:Url"] = "https://qdrant.example:6334",
                ["qdrant:pool:Nodes:1:ApiKey"] = "k",
            },
            (s, c) => s.AddCortexQdrantPooling(c.GetSection("qdrant:pool")));

        var options = host.Services.GetRequiredService<IOptions<QdrantPoolOptions>>().Value;

        Assert.Equal(7, options.MaxConnections);
        Assert.Equal(2, options.MinConnections);
        Assert.Equal(TimeSpan.FromSeconds(5), options.RequestTimeout);
        Assert.Equal(LoadBalancingStrategy.PowerOfTwoChoices, options.LoadBalancing);
        Assert.Equal(["east", "west"], options.Nodes.Select(n => n.Id));
        Assert.Equal(3, options.Nodes[0].Weight);
        Assert.Equal("k", options.Nodes[1].ApiKey);
        Assert.Equal(["east", "west"], host.Services.GetRequiredService<QdrantPooledClient>().NodeIds);
        await Task.CompletedTask;
    }

    [Fact]
    public void AddCortexQdrantPooling_EnvironmentVariables_SplitAdditionalNodesOnCommasOnly()
    {
        using var host = TestHosts.Build(
            new()
            {
                ["QDRANT_URL"] = "http://qdrant-a:6334",
                ["QDRANT_ADDITIONAL_NODES"] = "http://qdrant-b:6334, https://qdrant-c.example:6334",
                ["QDRANT_API_KEY"] = "shared-key",
            },
            (s, _) => s.AddCortexQdrantPooling());

        var nodes = host.Services.GetRequiredService<IOptions<QdrantPoolOptions>>().Value.Nodes;

        Assert.Equal(["http://qdrant-a:6334", "http://qdrant-b:6334", "https://qdrant-c.example:6334"], nodes.Select(n => n.Url));
        Assert.Equal(["qdrant-1", "qdrant-2", "qdrant-3"], nodes.Select(n => n.Id));
        Assert.All(nodes, n => Assert.Equal("shared-key", n.ApiKey));
    }

    [Fact]
    public void AddCortexQdrantPooling_NodesInCodeAndVariables_CodesNodesWinAndTheSharedKeyFillsOnlyNodesWithoutOne()
    {
        using var host = TestHosts.Build(
            new() { ["QDRANT_URL"] = "http://qdrant-env:6334", ["QDRANT_API_KEY"] = "shared-key" },
            (s, _) => s.AddCortexQdrantPooling(o =>
            {
                o.Nodes.Add(new QdrantNode { Id = "east", Url = "http://qdrant-east:6334", ApiKey = "east-key" });
                o.Nodes.Add(new QdrantNode { Id = "west", Url = "http://qdrant-west:6334" });
            }));

        var nodes = host.Services.GetRequiredService<IOptions<QdrantPoolOptions>>().Value.Nodes;

        Assert.Equal([("east", "east-key"), ("west", "shared-key")], nodes.Select(n => (n.Id, n.ApiKey)));
    }

    [Theory]
    [InlineData("MinConnections", "30", "QdrantPoolOptions.MinConnections (30) must not exceed MaxConnections (20).")]
    [InlineData("Nodes:0:Url", "localhost-6334", "QdrantPoolOptions.Nodes[0].Url 'localhost-6334' is not an absolute http:// or https:// URL")]
    [InlineData("Nodes:0:Weight", "0", "QdrantPoolOptions.Nodes[0].Weight (0) must be greater than 0 and at most 1000.")]
    [InlineData("RequestTimeout", "00:00:00", "QdrantPoolOptions.RequestTimeout (00:00:00) must be greater than zero and at most 01:00:00.")]
    [InlineData("Nodes:1:Id", "a", "QdrantPoolOptions.Nodes[1].Id 'a' is used by another node")]
    public async Task StartAsync_InvalidOption_FailsNamingTheFieldAndValue(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["pool:Nodes:0:Id"] = "a",
            ["pool:Nodes:0:Url"] = "http://127.0.0.1:1",
            ["pool:Nodes:1:Id"] = "b",
            ["pool:Nodes:1:Url"] = "http://127.0.0.1:2",
            [$"pool:{key}"] = value,
        };
        using var host = TestHosts.Build(settings, (s, c) => s.AddCortexQdrantPooling(c.GetSection("pool")));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_RealNodes_InitializesPoolAndReportsHealthyThroughHealthChecks()
    {
        await using var cluster = await Cluster.StartAsync(2);
        using var host = TestHosts.Build(
            new() { ["QDRANT_URL"] = cluster[0].GrpcUri.ToString(), ["QDRANT_ADDITIONAL_NODES"] = cluster[1].GrpcUri.ToString() },
            (s, _) => s.AddCortexQdrantPooling(o => o.MinConnections = 2));

        await host.StartAsync(Ct);
        var pool = host.Services.GetRequiredService<QdrantPooledClient>();
        var warmed = pool.GetStatistics().Nodes;
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);
        await cluster[1].StopAsync(Ct);
        await pool.CheckHealthAsync(Ct);
        await pool.CheckHealthAsync(Ct);
        var degraded = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);
        await host.StopAsync(Ct);

        Assert.Equal(HealthStatus.Healthy, report.Entries["cortex-qdrant"].Status);
        Assert.All(warmed, n => Assert.Equal(2, n.OpenConnections));
        Assert.Equal(HealthStatus.Degraded, degraded.Entries["cortex-qdrant"].Status);
        Assert.Equal("Down, circuit Closed", degraded.Entries["cortex-qdrant"].Data["qdrant-2"]);
    }

    [Fact]
    public async Task StartAsync_NoNodeAnswers_HostStartFailsWithClearError()
    {
        await using var cluster = await Cluster.StartAsync(1);
        await cluster[0].StopAsync(Ct);
        using var host = TestHosts.Build(new() { ["QDRANT_URL"] = cluster[0].GrpcUri.ToString() }, (s, _) => s.AddCortexQdrantPooling());

        var ex = await Assert.ThrowsAsync<QdrantNodesUnavailableException>(() => host.StartAsync(Ct));

        Assert.Contains("qdrant-1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddKeyedCortexQdrantPooling_TwoClusters_ResolvesEachWithItsOwnNodesAndHealthCheck()
    {
        await using var primary = await Cluster.StartAsync(1);
        await using var archive = await Cluster.StartAsync(1);
        using var host = TestHosts.Build(new() { ["QDRANT_URL"] = primary[0].GrpcUri.ToString() }, (s, _) => s
            .AddCortexQdrantPooling().Services
            .AddKeyedCortexQdrantPooling("archive", o => o.Nodes.Add(new QdrantNode { Id = "archive-1", Url = archive[0].GrpcUri.ToString() })));

        await host.StartAsync(Ct);
        var main = host.Services.GetRequiredService<QdrantPooledClient>();
        var keyed = host.Services.GetRequiredKeyedService<QdrantPooledClient>("archive");
        await keyed.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct);
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);
        await host.StopAsync(Ct);

        Assert.NotSame(main, keyed);
        Assert.Equal(["archive-1"], keyed.NodeIds);
        Assert.Equal(1, archive.Queries(0));
        Assert.Equal(0, primary.Queries(0));
        Assert.Equal(HealthStatus.Healthy, report.Entries["cortex-qdrant-archive"].Status);
    }

    [Fact]
    public void AddCortexQdrantPooling_RegistersTheQdrantStepHandlers()
    {
        using var host = TestHosts.Build(new() { ["QDRANT_URL"] = "http://127.0.0.1:1" }, (s, _) => s.AddCortexQdrantPooling());

        var types = host.Services.GetServices<IStepHandler>().Select(h => h.StepType).Order();

        Assert.Equal(["qdrant_search", "qdrant_upsert"], types);
    }
}
