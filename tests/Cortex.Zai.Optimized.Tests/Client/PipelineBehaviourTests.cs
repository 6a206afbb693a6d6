using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Cortex.Abstractions.Telemetry;
using Cortex.Testing.Zai;
using Cortex.Zai.Optimized.Models;
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
        using var client = CreateClient(server, o => o.Model = "glm-metrics-test");
        var seen = new ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == CortexTelemetry.ZaiOptimized)
            {
                l.EnableMeasurementEvents(i);
            }
        };
        void Keep(Instrument i, double v, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var t in tags)
            {
                copy[t.Key] = t.Value;
            }

            seen.Enqueue((i.Name, v, copy));
        }

        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Keep(i, v, t));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Keep(i, v, t));
        listener.Start();

        await client.GenerateCompletionAsync(Deterministic("metrics"), Ct);
        await client.GenerateCompletionAsync(Deterministic("metrics"), Ct);

        var durations = seen.Where(m => m.Name == "gen_ai.client.operation.duration" && Equals(m.Tags[CortexTags.GenAiRequestModel], "glm-metrics-test")).ToList();
        Assert.Equal(2, durations.Count);
        Assert.All(durations, d => Assert.Equal("chat", d.Tags[CortexTags.GenAiOperation]));
        Assert.Contains(seen, m => m.Name == "gen_ai.client.token.usage" && Equals(m.Tags["gen_ai.token.type"], "input") && Equals(m.Tags[CortexTags.GenAiRequestModel], "glm-metrics-test") && m.Value > 0);
        Assert.Contains(seen, m => m.Name == "cortex.zai.cache.hits" && Equals(m.Tags[CortexTags.CacheTier], "memory"));
    }
}
