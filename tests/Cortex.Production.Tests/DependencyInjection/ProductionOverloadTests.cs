using Cortex.Qdrant.Pooling;
using Cortex.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cortex.Production.Tests.DependencyInjection;

// AddCortexProduction has the overload set of every other package: none, Action<ProductionOptions> and IConfiguration.
// Without a configuration the variables come through the host's configuration (a default host holds the environment),
// and code set in the Action wins over them, as it does for AddCortexZai and AddCortexSlo.
public sealed class ProductionOverloadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void AddCortexProduction_Action_WinsOverTheEnvironmentAndDecidesWhatIsWired()
    {
        ProductionBuilder? production = null;
        using var host = TestHosts.Build(
            new()
            {
                ["SLO_RESPONSE_TIME_P95"] = "1500",
                ["APP_VERSION"] = "1.2.3",
                ["ENABLE_PERFORMANCE_MONITORING"] = "true",
            },
            (s, _) => production = s.AddCortexProduction(o =>
            {
                o.SloTargets.ResponseTimeP95 = 900;
                o.EnableConnectionPooling = false;
                o.EnableOptimizedZaiClient = false;
                o.EnablePerformanceMonitoring = false;
            }));

        var options = host.Services.GetRequiredService<IOptions<ProductionOptions>>().Value;
        Assert.Equal(900, options.SloTargets.ResponseTimeP95);
        Assert.Equal("1.2.3", options.Environment.Version);
        Assert.False(options.EnablePerformanceMonitoring);
        Assert.Null(production!.QdrantPool);
        Assert.Null(production.Zai);
        Assert.Null(production.Slo);
        Assert.NotNull(production.LoadTesting);
        Assert.Null(host.Services.GetService<QdrantPooledClient>());
    }

    [Fact]
    public void AddCortexProduction_None_ReadsOnlyTheVariablesOfTheHostsConfiguration()
    {
        ProductionBuilder? production = null;
        using var host = TestHosts.Build(
            new()
            {
                ["APP_VERSION"] = "2.0.0",
                ["AWS_REGION"] = "eu-west-1",
                ["SLO_ERROR_RATE"] = "0.5",
                // A section key: the IConfiguration overload reads it, the one without a configuration does not.
                ["production:environment:name"] = "staging",
            },
            (s, _) => production = s.AddCortexProduction());

        var options = host.Services.GetRequiredService<IOptions<ProductionOptions>>().Value;
        Assert.Equal("2.0.0", options.Environment.Version);
        Assert.Equal("eu-west-1", options.Environment.Region);
        Assert.Equal(0.5, options.SloTargets.ErrorRate);
        Assert.Equal("production", options.Environment.Name);
        Assert.NotNull(production!.QdrantPool);
        Assert.NotNull(production.Zai);
        Assert.NotNull(production.Slo);
        Assert.NotNull(production.LoadTesting);
    }

    [Fact]
    public async Task AddCortexProduction_ActionSettingABadValue_FailsAtStartNamingTheField()
    {
        using var host = TestHosts.Build([], (s, _) => s.AddCortexProduction(o =>
        {
            NothingWired(o);
            o.SloTargets.ErrorRate = 140;
        }));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains("SloTargets.ErrorRate", error.Message, StringComparison.Ordinal);
        Assert.Contains("140", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddCortexProduction_CalledTwice_RegistersTheOptimizerOnce()
    {
        using var host = TestHosts.Build([], (s, _) =>
        {
            s.AddCortexProduction(NothingWired);
            s.AddCortexProduction(o =>
            {
                NothingWired(o);
                o.Environment.Region = "us-east-1";
            });
        });

        Assert.Single(host.Services.GetServices<ProductionOptimizer>());
        Assert.Single(host.Services.GetServices<IHostedService>(), h => h.GetType().Name == "ProductionHostedService");
        Assert.Equal("us-east-1", host.Services.GetRequiredService<IOptions<ProductionOptions>>().Value.Environment.Region);
    }

    private static void NothingWired(ProductionOptions o) =>
        o.EnableConnectionPooling = o.EnableOptimizedZaiClient = o.EnablePerformanceMonitoring = o.EnableLoadTesting = false;
}
