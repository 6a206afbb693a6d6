using Cortex.Testing.Zai;
using Cortex.Zai.Optimized.Models;
using Microsoft.Extensions.AI;
using static Cortex.Zai.Optimized.Tests.Infrastructure.ZaiFixture;

namespace Cortex.Zai.Optimized.Tests.Client;

public sealed class ChatClientTests
{
    [Fact]
    public async Task GetResponseAsync_InsideAChatClientBuilderPipeline_AnswersAndReportsUsageAndSource()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var zai = CreateClient(server);
        var seen = 0;
        using IChatClient pipeline = new ChatClientBuilder(zai)
            .Use(async (messages, options, next, ct) =>
            {
                Interlocked.Increment(ref seen);
                await next(messages, options, ct);
            })
            .Build();
        var options = new ChatOptions { AdditionalProperties = new() { [ZaiOptimizedClient.DoSampleProperty] = false, [ZaiOptimizedClient.ThinkingProperty] = true } };

        var first = await pipeline.GetResponseAsync("hello from MEAI", options, Ct);
        var second = await pipeline.GetResponseAsync("hello from MEAI", options, Ct);

        Assert.Contains("hello from MEAI", first.Text, StringComparison.Ordinal);
        Assert.Contains(first.Messages[0].Contents, c => c is TextReasoningContent);
        Assert.Equal(ChatFinishReason.Stop, first.FinishReason);
        Assert.True(first.Usage?.InputTokenCount > 0);
        Assert.Equal(ZaiResponseSource.Upstream, Assert.IsType<ZaiCompletion>(first.RawRepresentation).Source);
        Assert.Equal(ZaiResponseSource.MemoryCache, Assert.IsType<ZaiCompletion>(second.RawRepresentation).Source);
        Assert.Equal(2, seen);
        Assert.Equal(1, server.Requests.CountForPath(ChatPath));
    }

    // The IChatClient path reuses one request object per thread: nothing of a call may reach the next one.
    [Fact]
    public async Task GetResponseAsync_OneCallAfterAnotherOnOneThread_CarriesNothingOfTheEarlierCall()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using IChatClient client = CreateClient(server);
        var full = new ChatOptions
        {
            Instructions = "answer briefly",
            Temperature = 0.3f,
            TopP = 0.9f,
            MaxOutputTokens = 77,
            StopSequences = ["###"],
            ResponseFormat = ChatResponseFormat.Json,
            AdditionalProperties = new()
            {
                [ZaiOptimizedClient.ThinkingProperty] = true,
                [ZaiOptimizedClient.RequestIdProperty] = "req-first",
                [ZaiOptimizedClient.UserIdProperty] = "user-first",
                [ZaiOptimizedClient.CacheModeProperty] = ZaiCacheMode.Bypass,
            },
        };

        var first = await client.GetResponseAsync("the first prompt", full, Ct);
        var second = await client.GetResponseAsync("the second prompt", cancellationToken: Ct);

        var bodies = server.Requests.Last(2).Select(r => r.Body).ToArray();
        string[] fields = ["answer briefly", "\"temperature\"", "\"top_p\"", "\"max_tokens\"", "###", "json_object", "\"thinking\"", "req-first", "user-first"];
        Assert.All(fields, f => Assert.Contains(f, bodies[0], StringComparison.Ordinal));
        Assert.All(fields, f => Assert.DoesNotContain(f, bodies[1], StringComparison.Ordinal));
        Assert.DoesNotContain("the first prompt", bodies[1], StringComparison.Ordinal);
        Assert.Contains("the first prompt", first.Text, StringComparison.Ordinal);
        Assert.Contains("the second prompt", second.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_CallersInParallelHitsAndMissesMixed_EachGetsTheAnswerToItsOwnPrompt()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using IChatClient client = CreateClient(server);
        var options = new ChatOptions { AdditionalProperties = new() { [ZaiOptimizedClient.DoSampleProperty] = false } };
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, 64).Select(i => Task.Run(
            async () =>
            {
                await go.Task;
                var prompt = $"prompt number {i % 16}";
                var answers = new List<(string Prompt, string Text)>();
                for (var round = 0; round < 5; round++)
                {
                    answers.Add((prompt, (await client.GetResponseAsync(prompt, options, Ct)).Text));
                }

                return answers;
            },
            Ct)).ToArray();

        go.SetResult();
        var all = (await Task.WhenAll(callers)).SelectMany(a => a).ToList();

        Assert.Equal(64 * 5, all.Count);

        // The test server's answer ends by quoting the prompt: "re: prompt number 12".
        Assert.All(all, a => Assert.EndsWith("re: " + a.Prompt, a.Text, StringComparison.Ordinal));
        Assert.Equal(16, server.Requests.CountForPath(ChatPath));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ThroughMeai_StreamsTextThenUsage()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using IChatClient client = CreateClient(server);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("stream via meai", cancellationToken: Ct))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.Contains("stream via meai", response.Text, StringComparison.Ordinal);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.True(response.Usage?.TotalTokenCount > 0);
    }

    [Fact]
    public async Task GetService_Metadata_DescribesZai()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server);

        var metadata = ((IChatClient)client).GetService<ChatClientMetadata>();

        Assert.Equal("zai", metadata?.ProviderName);
        Assert.Equal("glm-4.6", metadata?.DefaultModelId);
        Assert.Same(client, ((IChatClient)client).GetService<ZaiOptimizedClient>());
    }
}
