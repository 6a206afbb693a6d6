using System.Diagnostics.Metrics;
using Cortex.Abstractions.Telemetry;
using Cortex.Testing.Zai;
using Cortex.Zai.Optimized.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;
using static Cortex.Zai.Optimized.Tests.Infrastructure.ZaiFixture;

namespace Cortex.Zai.Optimized.Tests.Client;

public sealed class PipelineBehaviourTests
{
    [Fact]
    public async Task GenerateCompletionAsync_FailedCall_IsNotReusedByTheNextIdenticalRequest()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        server.Faults.FailNext(1, 400, "1214");
        using var client = CreateClient(server);

        await Assert.ThrowsAsync<ZaiApiException>(() => client.GenerateCompletionAsync(Deterministic("fail once"), Ct));
        var retried = await client.GenerateCompletionAsync(Deterministic("fail once"), Ct);

        Assert.Equal(ZaiResponseSource.Upstream, retried.Source);
        Assert.Equal(2, server.Requests.CountForPath(ChatPath));
    }

    [Fact]
    public async Task GenerateCompletionAsync_RepeatedServerErrors_OpenTheBreakerWhichFailsFast()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        server.Faults.FailNext(10, 503);
        var time = new FakeTimeProvider();
        using var client = CreateClient(server, o => { o.MaxRetries = 0; o.CircuitBreaker.FailureThreshold = 3; o.Deduplication.EnableDeduplication = false; }, time);

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<ZaiApiException>(() => client.GenerateCompletionAsync(Deterministic($"down {i}"), Ct));
        }

        await Assert.ThrowsAsync<BrokenCircuitException>(() => client.GenerateCompletionAsync(Deterministic("fast"), Ct));
        Assert.Equal(3, server.Requests.CountForPath(ChatPath));
        server.Faults.Reset();
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.False(string.IsNullOrEmpty((await client.GenerateCompletionAsync(Deterministic("back"), Ct)).Content));
        Assert.Equal(1, client.GetStatistics().ErrorsByCode["circuit_open"]);
    }

    [Fact]
    public async Task GenerateCompletionAsync_CompressionEnabledAndBodyAboveThreshold_SendsGzip()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server, o => { o.Performance.EnableCompression = true; o.Cache.CompressionThreshold = 256; });

        await client.GenerateCompletionAsync(Deterministic(new string('x', 2_000)), Ct);
        await client.GenerateCompletionAsync(Deterministic("small"), Ct);

        var requests = server.Requests.Last(2);
        Assert.Equal("gzip", requests[0].Headers.GetValueOrDefault("Content-Encoding"));
        Assert.False(requests[1].Headers.ContainsKey("Content-Encoding"));
    }

    [Fact]
    public async Task Operations_RecordGenAiMetricsCacheTiersAndTokens()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        // The client's own meter factory scopes the collectors to this client: a collector follows one instrument.
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = meters.GetRequiredService<IMeterFactory>();
        using var duration = new MetricCollector<double>(factory, CortexTelemetry.ZaiOptimized, "gen_ai.client.operation.duration");
        using var tokens = new MetricCollector<long>(factory, CortexTelemetry.ZaiOptimized, "gen_ai.client.token.usage");
        using var cacheHits = new MetricCollector<long>(factory, CortexTelemetry.ZaiOptimized, "cortex.zai.cache.hits");
        using var client = new ZaiOptimizedClient(
            new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All }),
            Options(server, o => o.Model = "glm-metrics-test"),
            meterFactory: factory);

        await client.GenerateCompletionAsync(Deterministic("metrics"), Ct);
        await client.GenerateCompletionAsync(Deterministic("metrics"), Ct);

        var durations = duration.GetMeasurementSnapshot().Where(m => Equals(m.Tags[CortexTags.GenAiRequestModel], "glm-metrics-test")).ToList();
        Assert.Equal(2, durations.Count);
        Assert.All(durations, d => Assert.Equal("chat", d.Tags[CortexTags.GenAiOperation]));
        Assert.Contains(tokens.GetMeasurementSnapshot(), m => Equals(m.Tags["gen_ai.token.type"], "input") && Equals(m.Tags[CortexTags.GenAiRequestModel], "glm-metrics-test") && m.Value > 0);
        Assert.Contains(cacheHits.GetMeasurementSnapshot(), m => Equals(m.Tags[CortexTags.CacheTier], "memory"));
    }
}
