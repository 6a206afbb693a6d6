using System.Text;
using Cortex.Testing.Zai;
using Cortex.Zai.Optimized.Models;
using static Cortex.Zai.Optimized.Tests.Infrastructure.ZaiFixture;

namespace Cortex.Zai.Optimized.Tests.Client;

public sealed class StreamingTests
{
    private static async Task<(string Content, string Reasoning, string? Finish, int Chunks)> ReadAsync(IAsyncEnumerable<ZaiCompletionChunk> stream)
    {
        var content = new StringBuilder();
        var reasoning = new StringBuilder();
        string? finish = null;
        var count = 0;
        await foreach (var chunk in stream)
        {
            count++;
            content.Append(chunk.Choices[0].Delta?.Content);
            reasoning.Append(chunk.Choices[0].Delta?.ReasoningContent);
            finish = chunk.Choices[0].FinishReason ?? finish;
        }

        return (content.ToString(), reasoning.ToString(), finish, count);
    }

    private static ZaiCompletionRequest Thinking(string prompt)
    {
        var request = Deterministic(prompt);
        request.Thinking = new ZaiThinking { Type = "enabled" };
        return request;
    }

    [Fact]
    public async Task StreamCompletionAsync_Fresh_ChunksInOrderAddUpToTheNonStreamedAnswer()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server, o => o.Cache.EnableMemoryCache = false);

        var streamed = await ReadAsync(client.StreamCompletionAsync(Thinking("stream me"), Ct));
        var whole = await client.GenerateCompletionAsync(Thinking("stream me"), Ct);

        Assert.True(streamed.Chunks > 2);
        Assert.Equal(whole.Content, streamed.Content);
        Assert.Equal(whole.ReasoningContent, streamed.Reasoning);
        Assert.Equal("stop", streamed.Finish);
    }

    [Fact]
    public async Task StreamCompletionAsync_CachedReplay_EqualsTheOriginalWithReasoning()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server, o => o.Deduplication.EnableDeduplication = false);

        var original = await ReadAsync(client.StreamCompletionAsync(Thinking("replay"), Ct));
        var replay = await ReadAsync(client.StreamCompletionAsync(Thinking("replay"), Ct));
        var asCompletion = await client.GenerateCompletionAsync(Thinking("replay"), Ct);

        Assert.Equal(1, server.Requests.CountForPath(ChatPath));
        Assert.Equal(original.Content, replay.Content);
        Assert.Equal(original.Reasoning, replay.Reasoning);
        Assert.False(string.IsNullOrEmpty(replay.Reasoning));
        Assert.Equal("stop", replay.Finish);
        Assert.Equal(ZaiResponseSource.MemoryCache, asCompletion.Source);
        Assert.Equal(original.Content, asCompletion.Content);
    }

    [Fact]
    public async Task StreamCompletionAsync_CachedToolCall_ReplaysTheToolCallIntact()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server, o => o.Deduplication.EnableDeduplication = false);
        var request = Deterministic("what is the weather in Paris?");
        request.Tools = System.Text.Json.JsonDocument.Parse(
            """[{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]""").RootElement;

        var original = await client.GenerateCompletionAsync(request, Ct);
        var chunks = new List<ZaiCompletionChunk>();
        await foreach (var chunk in client.StreamCompletionAsync(request, Ct))
        {
            chunks.Add(chunk);
        }

        var call = Assert.Single(original.Choices[0].Message!.ToolCalls!);
        Assert.Equal("tool_calls", original.FinishReason);
        var replayed = Assert.Single(chunks.SelectMany(c => c.Choices[0].Delta?.ToolCalls ?? []));
        Assert.Equal(call.Id, replayed.Id);
        Assert.Equal("get_weather", replayed.Function?.Name);
        Assert.Equal(call.Function?.Arguments, replayed.Function?.Arguments);
        Assert.Equal("tool_calls", chunks[^1].Choices[0].FinishReason);
        Assert.Equal(1, server.Requests.CountForPath(ChatPath));
    }

    [Fact]
    public async Task StreamCompletionAsync_CutMidway_ThrowsAfterTheChunksAndIsNotCached()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        server.Faults.CutStreamAfter(2);
        using var client = CreateClient(server, o => { o.Deduplication.EnableDeduplication = false; o.MaxRetries = 0; });
        var received = 0;

        await Assert.ThrowsAsync<ZaiStreamInterruptedException>(async () =>
        {
            await foreach (var _ in client.StreamCompletionAsync(Deterministic("cut"), Ct))
            {
                received++;
            }
        });
        var again = await ReadAsync(client.StreamCompletionAsync(Deterministic("cut"), Ct));

        Assert.Equal(2, received);
        Assert.Equal(2, server.Requests.CountForPath(ChatPath));
        Assert.Equal("stop", again.Finish);
    }

    [Fact]
    public async Task StreamCompletionAsync_IdenticalStreamsInFlight_ShareOneUpstreamStream()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        server.Faults.Latency = TimeSpan.FromMilliseconds(300);
        using var client = CreateClient(server, o => o.Cache.EnableMemoryCache = false);

        var readers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => ReadAsync(client.StreamCompletionAsync(Deterministic("together"), Ct))));

        Assert.Equal(1, server.Requests.CountForPath(ChatPath));
        Assert.Single(readers.Select(r => r.Content).Distinct());
        Assert.All(readers, r => Assert.Equal(readers[0].Chunks, r.Chunks));
        Assert.Equal(9, client.GetStatistics().DeduplicatedRequests);
    }
}
