using Cortex.Testing.Zai;
using Cortex.Zai.Optimized.Models;
using Cortex.Zai.Optimized.Tests.Infrastructure;
using static Cortex.Zai.Optimized.Tests.Infrastructure.ZaiFixture;

namespace Cortex.Zai.Optimized.Tests.Client;

public sealed class CompletionTests
{
    [Fact]
    public async Task GenerateCompletionAsync_HundredIdenticalConcurrentRequests_OneUpstreamCallSameAnswer()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        server.Faults.Latency = TimeSpan.FromMilliseconds(300);
        using var client = CreateClient(server, o => o.Cache.EnableMemoryCache = false);
        var request = new ZaiCompletionRequest { Messages = [new ZaiChatMessage { Role = "user", Content = "same" }], Temperature = 0.9 };

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.GenerateCompletionAsync(request, Ct)));

        Assert.Equal(1, server.Requests.CountForPath(ChatPath));
        Assert.Single(answers.Select(a => a.Content).Distinct());
        Assert.Equal(99, answers.Count(a => a.Source == ZaiResponseSource.Deduplicated));
        var stats = client.GetStatistics();
        Assert.Equal(100, stats.Requests);
        Assert.Equal(99, stats.DeduplicatedRequests);
        Assert.Equal(1, stats.UpstreamCalls);
    }

    [Fact]
    public async Task GenerateCompletionAsync_JoinerCancels_SharedCallGoesOnForTheOthers()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        server.Faults.Latency = TimeSpan.FromMilliseconds(300);
        using var client = CreateClient(server);
        var request = Deterministic("shared");
        using var cts = new CancellationTokenSource();

        var first = client.GenerateCompletionAsync(request, Ct);
        var cancelled = client.GenerateCompletionAsync(request, cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(string.IsNullOrEmpty((await first).Content));
        Assert.Equal(1, server.Requests.CountForPath(ChatPath));
    }

    [Fact]
    public async Task GenerateCompletionAsync_DeterministicRequestTwice_SecondFromMemoryCache()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server, o => o.Deduplication.EnableDeduplication = false);

        var first = await client.GenerateCompletionAsync(Deterministic("cache me"), Ct);
        var second = await client.GenerateCompletionAsync(Deterministic("cache me"), Ct);

        Assert.Equal(ZaiResponseSource.Upstream, first.Source);
        Assert.Equal(ZaiResponseSource.MemoryCache, second.Source);
        Assert.Equal(first.Content, second.Content);
        Assert.Equal(1, server.Requests.CountForPath(ChatPath));
        var stats = client.GetStatistics();
        Assert.Equal(1, stats.MemoryCacheHits);
        Assert.Equal(0.5, stats.CacheHitRate);
    }

    [Fact]
    public async Task GenerateCompletionAsync_SamplingRequest_NotCachedByDefault()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server, o => o.Deduplication.EnableDeduplication = false);
        var request = new ZaiCompletionRequest { Messages = [new ZaiChatMessage { Role = "user", Content = "vary" }], Temperature = 0.7 };

        await client.GenerateCompletionAsync(request, Ct);
        await client.GenerateCompletionAsync(request, Ct);

        Assert.Equal(2, server.Requests.CountForPath(ChatPath));
    }

    [Fact]
    public async Task GenerateCompletionAsync_TruncatedAnswer_NotCached()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server, o => o.Deduplication.EnableDeduplication = false);
        var request = Deterministic("a long answer please");
        request.MaxTokens = 2;

        var first = await client.GenerateCompletionAsync(request, Ct);
        await client.GenerateCompletionAsync(request, Ct);

        Assert.Equal("length", first.FinishReason);
        Assert.Equal(2, server.Requests.CountForPath(ChatPath));
    }

    [Theory]
    [InlineData("sensitive")]
    [InlineData("network_error")]
    public async Task GenerateCompletionAsync_FailedFinishReason_NotCached(string reason)
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        server.Faults.FinishReason = reason;
        using var client = CreateClient(server, o => o.Deduplication.EnableDeduplication = false);

        var first = await client.GenerateCompletionAsync(Deterministic("filtered"), Ct);
        await client.GenerateCompletionAsync(Deterministic("filtered"), Ct);

        Assert.Equal(reason, first.FinishReason);
        Assert.Equal(2, server.Requests.CountForPath(ChatPath));
    }

    [Fact]
    public async Task GenerateCompletionAsync_1302ThenSuccess_RetriedAndSucceeds()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        server.Faults.FailNext(2, 429, "1302");
        using var client = CreateClient(server);

        var answer = await client.GenerateCompletionAsync(Deterministic("retry"), Ct);

        Assert.False(string.IsNullOrEmpty(answer.Content));
        Assert.Equal(3, server.Requests.CountForPath(ChatPath));
        var stats = client.GetStatistics();
        Assert.Equal(2, stats.Retries);
        Assert.Equal(2, stats.ErrorsByCode["1302"]);
    }

    [Theory]
    [InlineData("1113")]
    [InlineData("1301")]
    [InlineData("1304")]
    [InlineData("1308")]
    [InlineData("1309")]
    public async Task GenerateCompletionAsync_PermanentCode_NotRetriedTypedExceptionWithCode(string code)
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        server.Faults.FailNext(1, code == "1301" ? 400 : 429, code);
        using var client = CreateClient(server);

        var ex = await Assert.ThrowsAsync<ZaiApiException>(() => client.GenerateCompletionAsync(Deterministic("permanent"), Ct));

        Assert.Equal(code, ex.BusinessCode);
        Assert.False(ex.IsTransient);
        Assert.Equal(1, server.Requests.CountForPath(ChatPath));
        Assert.DoesNotContain(server.ApiKey, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateCompletionAsync_RetryAfter_WaitsWhatTheServerAsked()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        server.Faults.FailNext(1, 429, "1305", TimeSpan.FromSeconds(1));
        using var client = CreateClient(server, o => { o.RetryDelay = TimeSpan.FromMilliseconds(1); o.MaxRetryDelay = TimeSpan.FromSeconds(5); });
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await client.GenerateCompletionAsync(Deterministic("after"), Ct);

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {watch.Elapsed}");
        Assert.Equal(2, server.Requests.CountForPath(ChatPath));
    }

    [Fact]
    public async Task GenerateCompletionAsync_PlainHttpClientWithoutDecompression_StillWorks()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = new ZaiOptimizedClient(new HttpClient(), Options(server));

        var answer = await client.GenerateCompletionAsync(Deterministic("plain"), Ct);

        Assert.Contains("plain", answer.Content, StringComparison.Ordinal);
        Assert.False(server.Requests.Last(1)[0].Headers.ContainsKey("Accept-Encoding"));
    }

    [Fact]
    public async Task GenerateCompletionAsync_WrongKey_401NotRetriedAndKeyNotLeaked()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server, o => o.ApiKey = "sk-wrong-secret-123");

        var ex = await Assert.ThrowsAsync<ZaiApiException>(() => client.GenerateCompletionAsync(Deterministic("who"), Ct));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Contains("ZAI_API_KEY", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-wrong-secret-123", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sk-wrong-secret-123", System.Text.Json.JsonSerializer.Serialize(client.GetStatistics()), StringComparison.Ordinal);
        Assert.Equal(1, server.Requests.CountForPath(ChatPath));
    }
}
