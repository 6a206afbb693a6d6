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
