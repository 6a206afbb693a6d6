using System.Diagnostics;
using System.Net;
using Cortex.Slo.Status;
using Cortex.Slo;
using Microsoft.Extensions.DependencyInjection;
using static Cortex.Samples.MemoryService.Tests.MemoryServiceFixture;

namespace Cortex.Samples.MemoryService.Tests;

// The monitor hears every "Microsoft.AspNetCore.Hosting" meter in the process: these tests run alone, each on a host of its own.
[CollectionDefinition(nameof(SloTraffic), DisableParallelization = true)]
public sealed class SloTraffic;

/// <summary>What the SLO monitor counts of a known request mix: each user request once, no operational route.</summary>
[Collection(nameof(SloTraffic))]
public sealed class SloTrafficTests(MemoryServiceFixture service) : IClassFixture<MemoryServiceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Monitor_KnownRequestMix_CountsEachMemoryRequestOnceAndNoOperationalRoute()
    {
        var monitor = service.Services.GetRequiredService<SloMonitor>();
        var project = NewProject();
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 5; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await service.StoreAsync(Item("entity", new { title = $"mix {i}" }, project));
            slowest = Max(slowest, Stopwatch.GetElapsedTime(started));
        }

        for (var i = 0; i < 7; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await service.FindAsync(new { query = "mix", scope = new { project } });
            slowest = Max(slowest, Stopwatch.GetElapsedTime(started));
        }

        foreach (var (path, times) in new[] { ("/health/ready", 6), ("/health/live", 4), ("/health/slo", 2), ("/metrics", 3), ("/system/status", 2) })
        {
            for (var i = 0; i < times; i++)
            {
                using var response = await service.Http.GetAsync(path, Ct);
            }
        }

        // The hosting layer records a request's duration as it completes, just after the client has the answer.
        var waited = Stopwatch.StartNew();
        while (monitor.EvaluateNow().LastFiveMinutes?.Count < 12)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"the monitor counted {monitor.GetSloStatus().LastFiveMinutes?.Count} requests of 12");
            await Task.Delay(20, Ct);
        }

        var status = monitor.EvaluateNow();
        var counted = status.LastFiveMinutes!;
        Assert.Equal((12L, 0L), (counted.Count, counted.ErrorCount));

        // The server's durations of the memory requests, each within what the client measured of it.
        Assert.InRange(counted.Max, TimeSpan.FromTicks(1), (slowest * 1.05) + TimeSpan.FromMilliseconds(1));
        Assert.True(counted.P50 <= counted.P99, $"p50 {counted.P50}, p99 {counted.P99}");
        var throughput = status.Objectives.Single(o => o.Definition.Name == "throughput");
        Assert.True(throughput.Observed > 0, $"throughput {throughput.Observed}");
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <summary>Readiness against an SLO breach: every replica breaches together, so readiness must not follow the SLOs.</summary>
[Collection(nameof(SloTraffic))]
public sealed class SloReadinessTests(MemoryServiceFixture service) : IClassFixture<MemoryServiceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HealthReady_SloBreached_StaysReadyWhileHealthSloReportsTheBreach()
    {
        var monitor = service.Services.GetRequiredService<SloMonitor>();
        for (var i = 0; i < 100; i++)
        {
            monitor.Record("checkout", TimeSpan.FromMilliseconds(5), success: false);
        }

        Assert.Equal(SloHealth.Critical, monitor.EvaluateNow().Health);

        using var ready = await service.Http.GetAsync("/health/ready", Ct);
        using var slo = await service.Http.GetAsync("/health/slo", Ct);
        using var live = await service.Http.GetAsync("/health/live", Ct);

        Assert.Equal((HttpStatusCode.OK, "Healthy"), (ready.StatusCode, await ready.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, slo.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
