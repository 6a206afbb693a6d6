using Cortex.Qdrant.Pooling.Tests.Infrastructure;
using Cortex.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cortex.Qdrant.Pooling.Tests.Connections;

public sealed class MaxConnectionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0, "QdrantPoolOptions.MaxConnections (0) must be from 1 to 1000.")]
    [InlineData(1001, "QdrantPoolOptions.MaxConnections (1001) must be from 1 to 1000.")]
    [InlineData(2, "QdrantPoolOptions.MaxConnections (2) must not be below MinConnections (3).")]
    public async Task SetMaxConnections_OutOfBounds_ThrowsNamingTheValueAndKeepsTheLimit(int value, string expected)
    {
        await using var cluster = await Cluster.StartAsync(1);
        await using var pool = new QdrantPooledClient(cluster.Options(o => { o.MinConnections = 3; o.MaxConnections = 7; }));

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => pool.SetMaxConnections(value));

        Assert.Equal("maxConnections", ex.ParamName);
        Assert.Equal(value, ex.ActualValue);
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal(7, pool.MaxConnections);
    }

    [Fact]
    public async Task QdrantPoolOptions_MaxConnectionsAboveTheLimit_FailsValidationLikeSetMaxConnections()
    {
        await using var cluster = await Cluster.StartAsync(1);

        var ex = Assert.Throws<OptionsValidationException>(() => new QdrantPooledClient(cluster.Options(o => o.MaxConnections = 1001)));

        Assert.Contains("QdrantPoolOptions.MaxConnections (1001) must be from 1 to 1000.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetMaxConnections_Raised_QueuedRequestsOpenMoreConnectionsAndTheOptionsStayAsTheyWere()
    {
        await using var cluster = await Cluster.StartAsync(1);
        var options = cluster.Options(o => { o.MinConnections = 1; o.MaxConnections = 1; o.MaxConcurrentStreamsPerConnection = 1; });
        await using var pool = new QdrantPooledClient(options);
        await pool.InitializeAsync(Ct);
        cluster[0].Faults.Latency = TimeSpan.FromSeconds(1);

        var calls = Enumerable.Range(0, 4).Select(_ => pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct)).ToList();
        await Eventually.TrueAsync(() => pool.QueueLength == 3, "three requests queued behind the one connection");
        pool.SetMaxConnections(4);

        await Eventually.TrueAsync(() => pool.GetStatistics().Nodes[0].InFlight == 4, "the queued requests on connections of their own");
        Assert.Equal(4, pool.GetStatistics().Nodes[0].OpenConnections);
        await Task.WhenAll(calls);
        Assert.Equal(4, pool.MaxConnections);
        Assert.Equal(1, options.MaxConnections);
    }

    [Fact]
    public async Task AddCortexQdrantPooling_ConfigurationReloadAfterSetMaxConnections_TheReloadedValueWins()
    {
        await using var cluster = await Cluster.StartAsync(1);
        using var host = TestHosts.Build(
            new()
            {
                ["qdrant:pool:MaxConnections"] = "3",
                ["qdrant:pool:MinConnections"] = "1",
                ["qdrant:pool:Nodes:0:Id"] = "only",
                ["qdrant:pool:Nodes:0:Url"] = cluster[0].GrpcUri.ToString(),
            },
            (s, c) => s.AddCortexQdrantPooling(c.GetSection("qdrant:pool")));
        await host.StartAsync(Ct);
        var pool = host.Services.GetRequiredService<QdrantPooledClient>();
        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();

        pool.SetMaxConnections(9);
        Assert.Equal(9, pool.MaxConnections);
        configuration["qdrant:pool:MaxConnections"] = "5";
        configuration.Reload();

        Assert.Equal(5, pool.MaxConnections);
        pool.SetMaxConnections(8);
        Assert.Equal(8, pool.MaxConnections);
        await host.StopAsync(Ct);
    }
}
