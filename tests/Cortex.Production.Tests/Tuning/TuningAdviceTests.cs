using Cortex.Production.Tests.Infrastructure;
using Cortex.Production.Tuning;
using Cortex.Qdrant.Pooling;
using Cortex.Testing.Qdrant;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cortex.Production.Tests.Tuning;

public sealed class TuningAdviceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApplyTuningAdvice_MaxConnections_ThePoolOpensMoreConnectionsAtOnceAndAConfigurationReloadWins()
    {
        await using var qdrant = await QdrantTestServer.StartAsync(cancellationToken: Ct);
        qdrant.Faults.Latency = TimeSpan.FromMilliseconds(150);
        var settings = ProductionHosts.Settings(qdrant, null, ("production:enableOptimizedZaiClient", "false"), ("production:enablePerformanceMonitoring", "false"), ("production:enableLoadTesting", "false"),
            ("qdrant:pool:minConnections", "1"), ("qdrant:pool:maxConnections", "1"));
        using var host = ProductionHosts.Build(settings, services => services.Configure<QdrantPoolOptions>(o => o.MaxConcurrentStreamsPerConnection = 1));
        await host.StartAsync(Ct);
        var pool = host.Services.GetRequiredService<QdrantPooledClient>();
        var optimizer = host.Services.GetRequiredService<ProductionOptimizer>();

        async Task<int> PeakConnectionsAsync()
        {
            var calls = Enumerable.Range(0, 4).Select(_ => pool.ReadAsync((c, ct) => c.HealthAsync(ct), cancellationToken: Ct)).ToList();
            var peak = 0;
            while (calls.Any(c => !c.IsCompleted))
            {
                peak = Math.Max(peak, pool.GetStatistics().Nodes.Sum(n => n.OpenConnections));
                await Task.Delay(10, Ct);
            }

            await Task.WhenAll(calls);
            return peak;
        }

        var before = await PeakConnectionsAsync();
        var advice = new TuningAdvice("qdrant", "qdrant:pool:maxConnections", 1, 4, "test: 4 queued at 150 ms", AppliesAtRuntime: true);
        var zaiAdvice = new TuningAdvice("zai", "zai:cache:memoryCacheSize", 1000, 2000, "sized at start", AppliesAtRuntime: false);

        var applied = optimizer.ApplyTuningAdvice([advice, zaiAdvice]);
        var after = await PeakConnectionsAsync();

        Assert.Equal(1, applied);   // the runtime one only
        Assert.Equal(1, before);
        Assert.InRange(after, 2, 4);
        Assert.Equal(4, pool.MaxConnections);
        Assert.Equal(1, host.Services.GetRequiredService<IOptionsMonitor<QdrantPoolOptions>>().CurrentValue.MaxConnections); // options are not mutated

        // The configuration is the source of truth again after a reload: the reloaded value replaces the applied one.
        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        configuration["qdrant:pool:maxConnections"] = "2";
        configuration.Reload();
        Assert.Equal(2, pool.MaxConnections);
        Assert.Equal(0, optimizer.ApplyTuningAdvice([advice with { SuggestedValue = 5_000 }])); // out of bounds: not applied
        Assert.Equal(2, pool.MaxConnections);
        await host.StopAsync(Ct);
    }
}
