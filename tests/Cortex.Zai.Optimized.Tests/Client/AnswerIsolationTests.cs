using Cortex.Testing.Zai;
using Cortex.Zai.Optimized.Models;
using Cortex.Zai.Optimized.Tests.Deduplication;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using static Cortex.Zai.Optimized.Tests.Infrastructure.ZaiFixture;

namespace Cortex.Zai.Optimized.Tests.Client;

/// <summary>Cached and shared answers: one caller cannot change the answer another one gets (answers are read-only).</summary>
public sealed class AnswerIsolationTests
{
    /// <summary>Tries every way of changing an answer: each is refused, so the answer cannot differ from what others got.</summary>
    private static void Vandalize(ZaiCompletion completion)
    {
        Assert.True(completion.IsReadOnly);
        Assert.Throws<InvalidOperationException>(() => completion.Choices[0].Message!.Content = "vandalized");
        Assert.Throws<InvalidOperationException>(() => completion.Choices[0].FinishReason = "vandalized");
        Assert.Throws<InvalidOperationException>(() => completion.Usage!.PromptTokens = -1);
        Assert.Throws<InvalidOperationException>(() => completion.Source = ZaiResponseSource.Upstream);
        Assert.Throws<NotSupportedException>(() => completion.Choices.Add(new ZaiChoice()));
        Assert.Throws<NotSupportedException>(() => completion.Choices[0] = new ZaiChoice());
    }

    [Fact]
    public async Task GenerateCompletionAsync_CallerEditsTheUpstreamAnswer_RefusedAndLaterHitsUnchanged()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server, o => o.Deduplication.EnableDeduplication = false);

        var first = await client.GenerateCompletionAsync(Deterministic("keep me"), Ct);
        var original = first.Content;
        Vandalize(first);
        var hit = await client.GenerateCompletionAsync(Deterministic("keep me"), Ct);

        Assert.Equal(ZaiResponseSource.MemoryCache, hit.Source);
        Assert.Equal(original, hit.Content);
        Assert.Equal("stop", hit.FinishReason);
        Assert.Single(hit.Choices);
        Assert.True(hit.Usage!.PromptTokens > 0);
    }

    [Fact]
    public async Task GenerateCompletionAsync_CallerEditsAMemoryHit_RefusedAndNextHitUnchanged()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server, o => o.Deduplication.EnableDeduplication = false);

        var original = (await client.GenerateCompletionAsync(Deterministic("hit me"), Ct)).Content;
        var hit = await client.GenerateCompletionAsync(Deterministic("hit me"), Ct);
        Vandalize(hit);
        var next = await client.GenerateCompletionAsync(Deterministic("hit me"), Ct);

        Assert.Equal(ZaiResponseSource.MemoryCache, next.Source);
        Assert.Equal(original, next.Content);
        Assert.Equal("stop", next.FinishReason);
        Assert.Single(next.Choices);
    }

    [Fact]
    public async Task GenerateCompletionAsync_CallersSharingOneCallEditTheirAnswers_RefusedAndEveryoneKeepsTheAnswer()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server, o => o.Cache.EnableMemoryCache = false, new FakeTimeProvider());

        var answers = await ParallelCallers.RunAsync(20, _ => client.GenerateCompletionAsync(Deterministic("shared call"), Ct));
        var original = answers[0].Content;
        Vandalize(answers[0]);
        var late = await client.GenerateCompletionAsync(Deterministic("shared call"), Ct);

        Assert.Equal(1, server.Requests.CountForPath(ChatPath));
        Assert.All(answers.Skip(1), a => Assert.Equal(original, a.Content));
        Assert.All(answers.Skip(1), a => Assert.Single(a.Choices));
        Assert.Equal(ZaiResponseSource.Deduplicated, late.Source);
        Assert.Equal(original, late.Content);
    }

    [Fact]
    public async Task GetResponseAsync_CallerEditsTheRawRepresentation_RefusedAndNextHitUnchanged()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server);
        IChatClient chat = client;
        var options = new ChatOptions { AdditionalProperties = new() { [ZaiOptimizedClient.DoSampleProperty] = false } };

        var first = await chat.GetResponseAsync("raw", options, Ct);
        var hit = await chat.GetResponseAsync("raw", options, Ct);
        Vandalize((ZaiCompletion)hit.RawRepresentation!);
        var next = await chat.GetResponseAsync("raw", options, Ct);

        Assert.Equal(first.Text, next.Text);
        var raw = (ZaiCompletion)next.RawRepresentation!;
        Assert.Equal(ZaiResponseSource.MemoryCache, raw.Source);
        Assert.Equal(first.Text, raw.Content);
        Assert.Single(raw.Choices);
    }

    [Fact]
    public async Task StreamCompletionAsync_ReaderEditsItsChunks_RefusedAndOtherReadersAndTheCacheUnchanged()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server, time: new FakeTimeProvider());
        var expected = (await client.GenerateCompletionAsync(new ZaiCompletionRequest { Messages = [new ZaiChatMessage { Role = "user", Content = "stream shared" }], DoSample = false, CacheMode = ZaiCacheMode.Bypass }, Ct)).Content;

        var texts = await ParallelCallers.RunAsync(10, async caller =>
        {
            var text = new System.Text.StringBuilder();
            await foreach (var chunk in client.StreamCompletionAsync(Deterministic("stream shared"), Ct))
            {
                text.Append(chunk.Choices[0].Delta?.Content);
                if (caller == 0 && chunk.Choices[0].Delta is { } delta)
                {
                    Assert.Throws<InvalidOperationException>(() => delta.Content = "vandalized");
                    Assert.Throws<InvalidOperationException>(() => chunk.Choices[0].FinishReason = "vandalized");
                    Assert.Throws<NotSupportedException>(() => chunk.Choices.Clear());
                }
            }

            return text.ToString();
        });
        var cached = await client.GenerateCompletionAsync(Deterministic("stream shared"), Ct);

        Assert.All(texts, t => Assert.Equal(expected, t));
        Assert.Equal(ZaiResponseSource.MemoryCache, cached.Source);
        Assert.Equal(expected, cached.Content);
        Assert.Equal("stop", cached.FinishReason);
    }
}
