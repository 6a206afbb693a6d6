using Cortex.LoadTesting;
using Cortex.Production.Readiness;
using Cortex.Production.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Production.Tests.LoadTesting;

public sealed class ProductionLoadTestTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> LoadTestingOnly() => ProductionHosts.Settings(null, null,
        ("production:enableConnectionPooling", "false"),
        ("production:enableOptimizedZaiClient", "false"),
        ("production:enablePerformanceMonitoring", "false"));

    [Fact]
    public async Task RunProductionLoadTestAsync_SmokeWithRegisteredHandlers_RunsSmokePreset()
    {
        using var host = ProductionHosts.Build(LoadTestingOnly(), services =>
        {
            services.AddCortexStepHandler<MemoryStoreStepHandler>();
            services.AddCortexStepHandler<MemoryFindStepHandler>();
            services.AddCortexStepHandler<ZaiCompletionTestStepHandler>();
        });
        await host.StartAsync(Ct);
        var optimizer = host.Services.GetRequiredService<ProductionOptimizer>();

        var result = await optimizer.RunProductionLoadTestAsync("smoke", new PresetScale(DurationFactor: 2.0 / 60), Ct);

        Assert.Equal("smoke", result.TestName);
        Assert.True(result.Requests.Count > 0);
        Assert.True(result.Passed);
        var handlers = host.Services.GetServices<Cortex.Abstractions.Steps.IStepHandler>().OfType<CountingStepHandler>().ToList();
        Assert.All(handlers, h => Assert.True(h.Executions > 0, h.StepType));
        var store = handlers.OfType<MemoryStoreStepHandler>().Single().Executions;
        // Each memory iteration stores then finds; a run stopped mid-iteration leaves at most one find per user behind.
        Assert.InRange(handlers.OfType<MemoryFindStepHandler>().Single().Executions, store - 5, store);
        var report = await optimizer.GenerateReadinessReportAsync(Ct);
        Assert.Contains(report.Checks, c => c is { Name: "smoke-test", Outcome: ReadinessOutcome.Pass });
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task RunProductionLoadTestAsync_MissingHandlers_FailsListingRegisteredTypes()
    {
        using var host = ProductionHosts.Build(LoadTestingOnly());
        var optimizer = host.Services.GetRequiredService<ProductionOptimizer>();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => optimizer.RunProductionLoadTestAsync("smoke", new PresetScale(DurationFactor: 2.0 / 60), Ct));

        Assert.Contains("memory_store", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Registered step types: delay, http", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunProductionLoadTestAsync_UnknownPreset_Throws()
    {
        using var host = ProductionHosts.Build(LoadTestingOnly());
        var optimizer = host.Services.GetRequiredService<ProductionOptimizer>();

        await Assert.ThrowsAsync<ArgumentException>(() => optimizer.RunProductionLoadTestAsync("soak", null, Ct));
    }
}
