using Cortex.Production.Tests.Infrastructure;
using Cortex.Testing.Qdrant;
using Cortex.Testing.Zai;
using Cortex.Zai.Optimized;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Production.Tests.Readiness;

public sealed class ReadinessReportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static double ExpectedScore(IEnumerable<ReadinessCheck> checks)
    {
        double total = 0, earned = 0;
        foreach (var c in checks)
        {
            total += c.Weight;
            earned += c.Weight * (c.Outcome == ReadinessOutcome.Pass ? 1 : c.Outcome == ReadinessOutcome.Warn ? 0.5 : 0);
        }

        return 100 * earned / total;
    }

    [Fact]
    public async Task GenerateReadinessReportAsync_AllComponentsEnabled_ScoreExactlyReflectsChecks()
    {
        await using var qdrant = await QdrantTestServer.StartAsync(cancellationToken: Ct);
        await using var zai = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var host = ProductionHosts.Build(ProductionHosts.Settings(qdrant, zai, ("APP_VERSION", "2.0.0")));
        await host.StartAsync(Ct);
        var optimizer = host.Services.GetRequiredService<ProductionOptimizer>();

        var report = await optimizer.GenerateReadinessReportAsync(Ct);

        Assert.Equal(ExpectedScore(report.Checks), report.Score, 9);
        Assert.InRange(report.Score, 0, 100);
        Assert.Equal(report.Checks.All(c => c.Outcome != ReadinessOutcome.Fail) && report.Score >= 80, report.Ready);
        Assert.Contains(report.Checks, c => c is { Name: "qdrant-nodes", Outcome: ReadinessOutcome.Pass });
        Assert.Contains(report.Checks, c => c is { Name: "zai-reachable", Outcome: ReadinessOutcome.Pass });
        Assert.Contains(report.Checks, c => c is { Name: "version-recorded", Outcome: ReadinessOutcome.Pass });
        Assert.Contains(report.Checks, c => c is { Name: "smoke-test", Outcome: ReadinessOutcome.Warn, Evidence: "no smoke test run yet" });
        Assert.All(report.Checks, c => Assert.False(string.IsNullOrEmpty(c.Evidence)));
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task GenerateReadinessReportAsync_ZaiDisabled_ChecksAbsentAndScoreAndVerdictUnchanged()
    {
        await using var qdrant = await QdrantTestServer.StartAsync(cancellationToken: Ct);
        await using var zai = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var enabledHost = ProductionHosts.Build(ProductionHosts.Settings(qdrant, zai, ("APP_VERSION", "2.0.0")));
        // No ZAI_API_KEY at all: a disabled component needs no configuration.
        using var disabledHost = ProductionHosts.Build(ProductionHosts.Settings(qdrant, null, ("APP_VERSION", "2.0.0"), ("production:enableOptimizedZaiClient", "false")));
        await enabledHost.StartAsync(Ct);
        await disabledHost.StartAsync(Ct);

        var enabled = await enabledHost.Services.GetRequiredService<ProductionOptimizer>().GenerateReadinessReportAsync(Ct);
        var disabled = await disabledHost.Services.GetRequiredService<ProductionOptimizer>().GenerateReadinessReportAsync(Ct);

        Assert.Null(disabledHost.Services.GetService<ZaiOptimizedClient>());
        Assert.DoesNotContain(disabled.Checks, c => c.Component == "zai");
        Assert.Contains(enabled.Checks, c => c is { Component: "zai", Outcome: ReadinessOutcome.Pass });
        var others = enabled.Checks.Where(c => c.Component != "zai").ToList();
        Assert.Equal(others.Select(c => (c.Name, c.Outcome)), disabled.Checks.Select(c => (c.Name, c.Outcome)));
        Assert.Equal(ExpectedScore(others), disabled.Score, 9);
        Assert.Equal(others.All(c => c.Outcome != ReadinessOutcome.Fail) && ExpectedScore(others) >= 80, disabled.Ready);
        await enabledHost.StopAsync(Ct);
        await disabledHost.StopAsync(Ct);
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
    }
}
