using System.ClientModel;
using System.ClientModel.Primitives;
using Cortex.Testing.Zai;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using static Cortex.Testing.Tests.Zai.ZaiHttp;

namespace Cortex.Testing.Tests.Zai;

/// <summary>The official OpenAI .NET SDK, pointed at the server as a host would point it at Z.AI, must work unchanged.</summary>
public sealed class ZaiOpenAiSdkTests
{
    [Fact]
    public async Task CompleteChatAsync_OpenAiSdk_ReturnsContentAndUsage()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        var client = new ChatClient(ZaiTestServer.DefaultModel, new ApiKeyCredential(server.ApiKey), Options(server));

        ChatCompletion completion = await client.CompleteChatAsync(
            [new SystemChatMessage("Be brief."), new UserChatMessage("hello from the sdk")], cancellationToken: Ct);

        Assert.EndsWith("re: hello from the sdk", completion.Content[0].Text, StringComparison.Ordinal);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ZaiTestServer.DefaultModel, completion.Model);
        Assert.Equal(8, completion.Usage.InputTokenCount);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
        Assert.Equal(1, server.Requests.CountForPath("/api/paas/v4/chat/completions"));
    }

    [Fact]
    public async Task CompleteChatStreamingAsync_OpenAiSdk_StreamsContentThenUsage()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        var client = new ChatClient(ZaiTestServer.DefaultModel, new ApiKeyCredential(server.ApiKey), Options(server));
        ChatCompletion whole = await client.CompleteChatAsync([new UserChatMessage("stream via sdk")], cancellationToken: Ct);

        var text = new System.Text.StringBuilder();
        var updates = 0;
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("stream via sdk")], cancellationToken: Ct))
        {
            updates++;
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.True(updates > 2);
        Assert.Equal(whole.Content[0].Text, text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.Equal(whole.Usage.TotalTokenCount, usage.TotalTokenCount);
    }

    [Fact]
    public async Task GenerateEmbeddingsAsync_OpenAiSdk_ReturnsUnitVectorsInOrder()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        var client = new EmbeddingClient("embedding-3", new ApiKeyCredential(server.ApiKey), Options(server));

        OpenAIEmbedding single = await client.GenerateEmbeddingAsync("beta", cancellationToken: Ct);
        OpenAIEmbeddingCollection batch = await client.GenerateEmbeddingsAsync(["alpha", "beta"], cancellationToken: Ct);

        Assert.Equal(2, batch.Count);
        Assert.Equal([0, 1], batch.Select(e => e.Index));
        var vector = single.ToFloats().ToArray();
        Assert.Equal(256, vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 4);
        Assert.Equal(vector, batch[1].ToFloats().ToArray());
        Assert.NotEqual(vector, batch[0].ToFloats().ToArray());
    }

    [Fact]
    public async Task CompleteChatAsync_RateLimited_SdkSeesStatusAndZaiCode()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        var client = new ChatClient(ZaiTestServer.DefaultModel, new ApiKeyCredential(server.ApiKey), Options(server));
        server.Faults.FailNext(1, 429, "1302");

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Ct));

        Assert.Equal(429, error.Status);
        Assert.Contains("1302", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChatAsync_WrongKey_SdkSees401()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        var client = new ChatClient(ZaiTestServer.DefaultModel, new ApiKeyCredential("wrong"), Options(server));

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Ct));

        Assert.Equal(401, error.Status);
    }

    // The SDK retries 429 and 5xx on its own; tests of the server's answers want to see the first one.
    private static OpenAIClientOptions Options(ZaiTestServer server) =>
        new() { Endpoint = server.BaseUri, RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
}
