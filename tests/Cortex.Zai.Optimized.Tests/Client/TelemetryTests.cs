using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cortex.Abstractions.Telemetry;
using Cortex.Testing.Zai;
using Cortex.Tests;
using Cortex.Zai.Optimized.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static Cortex.Zai.Optimized.Tests.Infrastructure.ZaiFixture;

namespace Cortex.Zai.Optimized.Tests.Client;

public sealed class TelemetryTests
{
    private const string Duration = "gen_ai.client.operation.duration";

    [Fact]
    public async Task GenerateCompletionAsync_UpstreamThenMemoryHit_GenAiSpansWithModelsServerUsageAndTier()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server, o => o.Deduplication.EnableDeduplication = false);
        using var recorder = new ActivityRecorder(CortexTelemetry.ZaiOptimized);

        var first = await client.GenerateCompletionAsync(Deterministic("trace me"), Ct);
        var second = await client.GenerateCompletionAsync(Deterministic("trace me"), Ct);

        Assert.Equal(ZaiResponseSource.MemoryCache, second.Source);
        var spans = recorder.Stopped;
        Assert.Equal(2, spans.Count);
        Assert.All(spans, span =>
        {
            Assert.Equal($"chat {ZaiTestServer.DefaultModel}", span.DisplayName);
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal(ActivityStatusCode.Ok, span.Status);
            Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
            Assert.Equal("zai", span.GetTagItem("gen_ai.provider.name"));
            Assert.Equal(ZaiTestServer.DefaultModel, span.GetTagItem("gen_ai.request.model"));
            Assert.Equal(first.Model, span.GetTagItem("gen_ai.response.model"));
            Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
            Assert.Equal(server.BaseUri.Port, span.GetTagItem("server.port"));
        });
        Assert.NotNull(first.Model);
        Assert.Equal("upstream", spans[0].GetTagItem("cortex.cache.tier"));
        Assert.Equal(first.Usage!.PromptTokens, spans[0].GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(first.Usage.CompletionTokens, spans[0].GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal(first.Id, spans[0].GetTagItem("gen_ai.response.id"));
        Assert.Equal("memory", spans[1].GetTagItem("cortex.cache.tier"));
        Assert.Null(spans[1].GetTagItem("gen_ai.usage.input_tokens"));
    }

    [Fact]
    public async Task GenerateCompletionAsync_IdenticalConcurrentRequests_JoinersSpanSaysDedup()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        server.Faults.Latency = TimeSpan.FromMilliseconds(300);
        using var client = CreateClient(server, o => o.Cache.EnableMemoryCache = false);
        using var recorder = new ActivityRecorder(CortexTelemetry.ZaiOptimized);
        var request = new ZaiCompletionRequest { Messages = [new ZaiChatMessage { Role = "user", Content = "shared" }], Temperature = 0.9 };

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.GenerateCompletionAsync(request, Ct)));

        var tiers = recorder.Stopped.Select(s => s.GetTagItem("cortex.cache.tier")).ToList();
        Assert.Equal(1, tiers.Count(t => Equals(t, "upstream")));
        Assert.Equal(4, tiers.Count(t => Equals(t, "dedup")));
        Assert.All(recorder.Stopped, s => Assert.Equal(0.9, s.GetTagItem("gen_ai.request.temperature")));
    }

    [Theory]
    [InlineData(400, "99999", "invalid_request")]
    [InlineData(429, "1113", "insufficient_balance")]
    [InlineData(401, "1000", "authentication")]
    [InlineData(503, "77777", "server_error")]
    public async Task GenerateCompletionAsync_ServerError_ErrorTypeIsOneOfAFixedSetOnSpansAndMetrics(int status, string code, string expected)
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = meters.GetRequiredService<IMeterFactory>();
        using var duration = new MetricCollector<double>(factory, CortexTelemetry.ZaiOptimized, Duration);
        using var errors = new MetricCollector<long>(factory, CortexTelemetry.ZaiOptimized, "cortex.zai.errors");
        using var client = new ZaiOptimizedClient(new HttpClient(), Options(server, o => o.MaxRetries = 0), meterFactory: factory);
        using var recorder = new ActivityRecorder(CortexTelemetry.ZaiOptimized);
        server.Faults.FailNext(1, status, code);

        var ex = await Assert.ThrowsAsync<ZaiApiException>(() => client.GenerateCompletionAsync(Deterministic("refused"), Ct));

        Assert.Equal(code, ex.BusinessCode);
        var span = Assert.Single(recorder.Stopped);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(expected, span.GetTagItem("error.type"));
        Assert.Equal(expected, duration.LastMeasurement!.Tags["error.type"]);
        Assert.Equal(expected, Assert.Single(errors.GetMeasurementSnapshot()).Tags["error.type"]);

        // The exact code stays in the statistics.
        Assert.Equal(1, client.GetStatistics().ErrorsByCode[code]);
    }

    [Fact]
    public async Task GenerateCompletionAsync_Answered_DurationAndTokenMetricsCarryResponseModelAndServer()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = meters.GetRequiredService<IMeterFactory>();
        using var duration = new MetricCollector<double>(factory, CortexTelemetry.ZaiOptimized, Duration);
        using var tokens = new MetricCollector<long>(factory, CortexTelemetry.ZaiOptimized, "gen_ai.client.token.usage");
        using var client = new ZaiOptimizedClient(new HttpClient(), Options(server), meterFactory: factory);

        var answer = await client.GenerateCompletionAsync(Deterministic("measured"), Ct);

        var recorded = Assert.Single(duration.GetMeasurementSnapshot());
        Assert.Equal(answer.Model, recorded.Tags["gen_ai.response.model"]);
        Assert.Equal("127.0.0.1", recorded.Tags["server.address"]);
        Assert.Equal(server.BaseUri.Port, recorded.Tags["server.port"]);
        Assert.False(recorded.Tags.ContainsKey("error.type"));
        Assert.Equal(2, tokens.GetMeasurementSnapshot().Count);
        Assert.All(tokens.GetMeasurementSnapshot(), m =>
        {
            Assert.Equal(answer.Model, m.Tags["gen_ai.response.model"]);
            Assert.Equal("127.0.0.1", m.Tags["server.address"]);
        });
    }

    [Fact]
    public async Task StreamCompletionAsync_FreshThenReplayed_OneSpanPerStreamWithTier()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server, o => o.Deduplication.EnableDeduplication = false);
        using var recorder = new ActivityRecorder(CortexTelemetry.ZaiOptimized);

        await foreach (var _ in client.StreamCompletionAsync(Deterministic("stream trace"), Ct))
        {
        }

        Assert.True(await client.SettleRedisAsync(TimeSpan.FromSeconds(20)));
        await foreach (var _ in client.StreamCompletionAsync(Deterministic("stream trace"), Ct))
        {
        }

        var spans = recorder.Stopped;
        Assert.Equal(2, spans.Count);
        Assert.Equal(["upstream", "memory"], spans.Select(s => s.GetTagItem("cortex.cache.tier")));
        Assert.All(spans, s =>
        {
            Assert.Equal(ActivityStatusCode.Ok, s.Status);
            Assert.Equal(ZaiTestServer.DefaultModel, s.GetTagItem("gen_ai.response.model"));
        });
    }

    [Fact]
    public async Task StreamCompletionAsync_ReaderStopsEarly_SpanEndsAnyway()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server);
        using var recorder = new ActivityRecorder(CortexTelemetry.ZaiOptimized);

        await foreach (var _ in client.StreamCompletionAsync(Deterministic("just the first chunk"), Ct))
        {
            break;
        }

        Assert.Single(recorder.Stopped);
    }

    [Fact]
    public async Task GenerateAsync_Embeddings_SpanWithModelsAndInputTokens()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server);
        using var recorder = new ActivityRecorder(CortexTelemetry.ZaiOptimized);

        var result = await client.GenerateAsync(["one text", "another text"], cancellationToken: Ct);

        var span = Assert.Single(recorder.Stopped);
        Assert.StartsWith("embeddings ", span.DisplayName, StringComparison.Ordinal);
        Assert.Equal("embeddings", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("upstream", span.GetTagItem("cortex.cache.tier"));
        Assert.NotNull(span.GetTagItem("gen_ai.response.model"));
        Assert.Equal(result.Usage!.InputTokenCount, span.GetTagItem("gen_ai.usage.input_tokens"));
    }
}
