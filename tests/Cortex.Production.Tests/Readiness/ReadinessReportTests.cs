using Cortex.Abstractions.Steps;
using Cortex.LoadTesting;
using Cortex.Production.Readiness;
using Cortex.Production.Tests.Infrastructure;
using Cortex.Testing.Qdrant;
using Cortex.Testing.Zai;
using Cortex.Zai.Optimized;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cortex.Production.Tests.Readiness;

public sealed class ReadinessReportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // A host that has just started with every component on, no alert channel, no load test run and no SLO evaluation yet
    // (the monitoring interval is a minute): what each check must say about it, in the report's order.
    private static readonly (string Name, string Component, double Weight, ReadinessOutcome Outcome)[] FreshHostChecks =
    [
        ("smoke-test", "load-testing", 15, ReadinessOutcome.Warn),
        ("load-test-results", "load-testing", 10, ReadinessOutcome.Warn),
        ("slo-compliance", "monitoring", 10, ReadinessOutcome.Warn),
        ("alerting", "monitoring", 10, ReadinessOutcome.Warn),
        ("resource-headroom", "monitoring", 5, ReadinessOutcome.Warn),
        ("configuration", "core", 15, ReadinessOutcome.Pass),
        ("slo-targets", "core", 5, ReadinessOutcome.Warn),
        ("qdrant-nodes", "qdrant", 15, ReadinessOutcome.Pass),
        ("zai-reachable", "zai", 10, ReadinessOutcome.Pass),
        ("version-recorded", "core", 5, ReadinessOutcome.Pass),
    ];

    private static readonly PresetScale SmokeScale = new(DurationFactor: 0.5 / 60);

    // Half a second (after a 50 ms ramp-up) of 5 users.
    private static readonly PresetScale LoadScale = new(DurationFactor: 0.5 / 600, LoadFactor: 0.05);

    // Load testing alone (no Qdrant, Z.AI or monitoring), with the memory-service sample's step types.
    private static IHost LoadTestingHost(string? version = "2.0.0") => ProductionHosts.Build(
        ProductionHosts.Settings(null, null,
            ("APP_VERSION", version),
            ("production:enableConnectionPooling", "false"),
            ("production:enableOptimizedZaiClient", "false"),
            ("production:enablePerformanceMonitoring", "false")),
        services =>
        {
            services.AddCortexStepHandler<MemoryStoreStepHandler>();
            services.AddCortexStepHandler<MemoryFindStepHandler>();
            services.AddCortexStepHandler<ZaiCompletionTestStepHandler>();
        });

    // What that host's checks say once a test has run (the targets are judged on the last run's median).
    private static (string, string, double, ReadinessOutcome)[] LoadTestingHostChecks(ReadinessOutcome smoke, ReadinessOutcome loadTests, ReadinessOutcome version = ReadinessOutcome.Pass) =>
    [
        ("smoke-test", "load-testing", 15, smoke),
        ("load-test-results", "load-testing", 10, loadTests),
        ("configuration", "core", 15, ReadinessOutcome.Pass),
        ("slo-targets", "core", 5, ReadinessOutcome.Pass),
        ("version-recorded", "core", 5, version),
    ];

    private static async Task<ProductionOptimizer> StartAndPassAsync(IHost host, string preset, PresetScale scale)
    {
        await host.StartAsync(Ct);
        var optimizer = host.Services.GetRequiredService<ProductionOptimizer>();
        Assert.True((await optimizer.RunProductionLoadTestAsync(preset, scale, Ct)).Passed, $"the {preset} test's thresholds failed");
        return optimizer;
    }

    private static (string, string, double, ReadinessOutcome)[] Summary(ReadinessReport report) =>
        [.. report.Checks.Select(c => (c.Name, c.Component, c.Weight, c.Outcome))];

    [Fact]
    public async Task GenerateReadinessReportAsync_FreshHostAllComponentsEnabled_WarningsEarnHalfAndScore72Point5IsNotReady()
    {
        await using var qdrant = await QdrantTestServer.StartAsync(cancellationToken: Ct);
        await using var zai = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var host = ProductionHosts.Build(ProductionHosts.Settings(qdrant, zai, ("APP_VERSION", "2.0.0")));
        await host.StartAsync(Ct);
        var optimizer = host.Services.GetRequiredService<ProductionOptimizer>();

        var report = await optimizer.GenerateReadinessReportAsync(Ct);

        Assert.Equal(FreshHostChecks, Summary(report));
        // Passes 45 of the 100 weight, warnings 55 at half: 72.5, under the 80 a ready deployment needs, with no failure.
        Assert.Equal(72.5, report.Score, 9);
        Assert.False(report.Ready);
        Assert.Contains(report.Checks, c => c is { Name: "smoke-test", Evidence: "no smoke test run yet" });
        Assert.Contains(report.Checks, c => c is { Name: "version-recorded", Evidence: "version 2.0.0 in 'production'" });
        Assert.Contains(report.Checks, c => c is { Name: "qdrant-nodes", Evidence: "1/1 nodes healthy with closed circuits" });
        Assert.All(report.Checks, c => Assert.False(string.IsNullOrEmpty(c.Evidence)));
        Assert.All(report.Checks, c => Assert.Equal(c.Outcome == ReadinessOutcome.Pass, c.Recommendation.Length == 0));
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task GenerateReadinessReportAsync_ZaiDisabled_ZaiCheckLeftOutOfTheScore()
    {
        await using var qdrant = await QdrantTestServer.StartAsync(cancellationToken: Ct);
        // No ZAI_API_KEY at all: a disabled component needs no configuration.
        using var host = ProductionHosts.Build(ProductionHosts.Settings(qdrant, null, ("APP_VERSION", "2.0.0"), ("production:enableOptimizedZaiClient", "false")));
        await host.StartAsync(Ct);

        var report = await host.Services.GetRequiredService<ProductionOptimizer>().GenerateReadinessReportAsync(Ct);

        Assert.Null(host.Services.GetService<ZaiOptimizedClient>());
        Assert.Equal(FreshHostChecks.Where(c => c.Component != "zai"), Summary(report));
        // The Z.AI check's 10 (passed) weight leaves both sums: 35 passed + 55 at half of 90.
        Assert.Equal(100 * 62.5 / 90, report.Score, 9);
        Assert.False(report.Ready);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task GenerateReadinessReportAsync_AfterAPassingSmokeTest_SmokeAndTargetsPassAndScore90IsReady()
    {
        using var host = LoadTestingHost();
        var optimizer = await StartAndPassAsync(host, "smoke", SmokeScale);

        var report = await optimizer.GenerateReadinessReportAsync(Ct);

        Assert.Equal(LoadTestingHostChecks(ReadinessOutcome.Pass, ReadinessOutcome.Warn), Summary(report));
        // 40 passed + 10 at half, of 50: 90, and nothing failed.
        Assert.Equal(90, report.Score, 9);
        Assert.True(report.Ready);
        var targets = Assert.Single(report.Checks, c => c.Name == "slo-targets");
        Assert.Contains("from load test 'smoke'", targets.Evidence, StringComparison.Ordinal);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task GenerateReadinessReportAsync_ScoreExactly80WithoutAFailure_Ready()
    {
        using var host = LoadTestingHost(version: null);
        var optimizer = await StartAndPassAsync(host, "load", LoadScale);

        var report = await optimizer.GenerateReadinessReportAsync(Ct);

        Assert.Equal(LoadTestingHostChecks(smoke: ReadinessOutcome.Warn, loadTests: ReadinessOutcome.Pass, version: ReadinessOutcome.Warn), Summary(report));
        // 30 passed + 20 at half, of 50: exactly the lowest ready score.
        Assert.Equal(ReadinessReport.ReadyScore, report.Score, 9);
        Assert.True(report.Ready);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task GenerateReadinessReportAsync_FailedLoadTestWithScoreAt80_NotReadyBecauseAFailedCheckVetoes()
    {
        using var host = LoadTestingHost();
        var optimizer = await StartAndPassAsync(host, "smoke", SmokeScale);
        host.Services.GetServices<IStepHandler>().OfType<ZaiCompletionTestStepHandler>().Single().Failing = true;
        var load = await optimizer.RunProductionLoadTestAsync("load", LoadScale, Ct);
        Assert.False(load.Passed, "the load test with 30% failing AI operations passed its 1% error threshold");

        var report = await optimizer.GenerateReadinessReportAsync(Ct);

        Assert.Equal(LoadTestingHostChecks(ReadinessOutcome.Pass, ReadinessOutcome.Fail), Summary(report));
        // 40 passed of 50 is exactly the 80 a ready deployment needs, but a failed check is never ready.
        Assert.Equal(80, report.Score, 9);
        Assert.False(report.Ready);
        var results = Assert.Single(report.Checks, c => c.Name == "load-test-results");
        Assert.Contains("Tests outside their targets: load", results.Recommendation, StringComparison.Ordinal);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task GenerateReadinessReportAsync_QdrantNodeStopped_NotReadyNamingNode()
    {
        await using var first = await QdrantTestServer.StartAsync(cancellationToken: Ct);
        await using var second = await QdrantTestServer.StartAsync(cancellationToken: Ct);
        await using var zai = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var host = ProductionHosts.Build(ProductionHosts.Settings(first, zai,
            ("QDRANT_ADDITIONAL_NODES", second.GrpcUri.ToString()), ("APP_VERSION", "2.0.0"), ("qdrant:pool:maxRetries", "0")));
        await host.StartAsync(Ct);
        var optimizer = host.Services.GetRequiredService<ProductionOptimizer>();
        Assert.Contains((await optimizer.GenerateReadinessReportAsync(Ct)).Checks, c => c is { Name: "qdrant-nodes", Outcome: ReadinessOutcome.Pass });

        await second.StopAsync(Ct);
        var report = await optimizer.GenerateReadinessReportAsync(Ct);

        Assert.False(report.Ready);
        // The fresh host's 72.5 less the node check's 15 (now failed, earning nothing).
        Assert.Equal(57.5, report.Score, 9);
        var check = Assert.Single(report.Checks, c => c.Name == "qdrant-nodes");
        Assert.Equal(ReadinessOutcome.Fail, check.Outcome);
        Assert.Contains("qdrant-2", check.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain("qdrant-1 (", check.Evidence, StringComparison.Ordinal);
        await host.StopAsync(Ct);
    }

    [Fact]
    public void ComputeScore_MixedOutcomes_WeightedAndNeverAbove100()
    {
        ReadinessCheck[] checks =
        [
            new("a", "core", 10, ReadinessOutcome.Pass, "x", ""),
            new("b", "core", 30, ReadinessOutcome.Warn, "x", ""),
            new("c", "core", 60, ReadinessOutcome.Fail, "x", ""),
        ];

        Assert.Equal(25, ReadinessReport.ComputeScore(checks), 9);
        Assert.Equal(100, ReadinessReport.ComputeScore(checks.Select(c => c with { Outcome = ReadinessOutcome.Pass })), 9);
        Assert.Equal(0, ReadinessReport.ComputeScore([]));
    }
}
