using Cortex.Testing.Zai;
using Cortex.Zai.Optimized.Models;
using Microsoft.Extensions.Time.Testing;
using static Cortex.Zai.Optimized.Tests.Infrastructure.ZaiFixture;

namespace Cortex.Zai.Optimized.Tests.Deduplication;

/// <summary>What the dedup window hands to a caller that arrives after the shared call has finished.</summary>
public sealed class DeduplicationWindowTests
{
    private static ZaiCompletionRequest Sampling(string prompt) => new() { Messages = [new ZaiChatMessage { Role = "user", Content = prompt }], Temperature = 0.8 };

    private static async Task<int> ReadAllAsync(IAsyncEnumerable<ZaiCompletionChunk> stream)
    {
        var chunks = 0;
        await foreach (var _ in stream)
        {
            chunks++;
        }

        return chunks;
    }

    [Fact]
    public async Task GenerateCompletionAsync_DeterministicNotCachedWithinTheWindow_JoinsTheFinishedCallThenNotAfter()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        var time = new FakeTimeProvider();
        using var client = CreateClient(server, o => { o.Cache.EnableMemoryCache = false; o.Deduplication.DeduplicationWindow = TimeSpan.FromSeconds(5); }, time);

        var first = await client.GenerateCompletionAsync(Deterministic("window"), Ct);
        time.Advance(TimeSpan.FromSeconds(4));
        var second = await client.GenerateCompletionAsync(Deterministic("window"), Ct);
        time.Advance(TimeSpan.FromSeconds(2));
        var third = await client.GenerateCompletionAsync(Deterministic("window"), Ct);

        Assert.Equal(ZaiResponseSource.Deduplicated, second.Source);
        Assert.Equal(first.Content, second.Content);
        Assert.Equal(ZaiResponseSource.Upstream, third.Source);
        Assert.Equal(2, server.Requests.CountForPath(ChatPath));
    }

    [Fact]
    public async Task GenerateCompletionAsync_SamplingRequestAfterAnIdenticalOneFinished_CallsUpstreamAgain()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server, o => o.Deduplication.DeduplicationWindow = TimeSpan.FromSeconds(30), new FakeTimeProvider());

        await client.GenerateCompletionAsync(Sampling("vary me"), Ct);
        var second = await client.GenerateCompletionAsync(Sampling("vary me"), Ct);

        Assert.Equal(ZaiResponseSource.Upstream, second.Source);
        Assert.Equal(2, server.Requests.CountForPath(ChatPath));
        Assert.Equal(0, client.GetStatistics().DeduplicatedRequests);
    }

    [Fact]
    public async Task StreamCompletionAsync_SamplingRequestAfterAnIdenticalOneFinished_CallsUpstreamAgain()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server, o => o.Deduplication.DeduplicationWindow = TimeSpan.FromSeconds(30), new FakeTimeProvider());

        await ReadAllAsync(client.StreamCompletionAsync(Sampling("stream and vary"), Ct));
        await ReadAllAsync(client.StreamCompletionAsync(Sampling("stream and vary"), Ct));

        Assert.Equal(2, server.Requests.CountForPath(ChatPath));
        Assert.Equal(0, client.GetStatistics().DeduplicatedRequests);
    }

    [Fact]
    public async Task GenerateCompletionAsync_SamplingRequestWithCacheNonDeterministicRequests_JoinsTheFinishedCall()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server, o => { o.Cache.EnableMemoryCache = false; o.Cache.CacheNonDeterministicRequests = true; }, new FakeTimeProvider());

        var first = await client.GenerateCompletionAsync(Sampling("asked to reuse"), Ct);
        var second = await client.GenerateCompletionAsync(Sampling("asked to reuse"), Ct);

        Assert.Equal(ZaiResponseSource.Deduplicated, second.Source);
        Assert.Equal(first.Content, second.Content);
        Assert.Equal(1, server.Requests.CountForPath(ChatPath));
    }
}
