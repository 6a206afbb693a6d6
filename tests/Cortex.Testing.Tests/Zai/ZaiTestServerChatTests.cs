using System.Text.Json;
using Cortex.Testing.Zai;
using Microsoft.Extensions.Time.Testing;
using static Cortex.Testing.Tests.Zai.ZaiHttp;

namespace Cortex.Testing.Tests.Zai;

public sealed class ZaiTestServerChatTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task StartAsync_Default_BaseUriIsLoopbackPaasV4WithSlash()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);

        Assert.Equal("127.0.0.1", server.BaseUri.Host);
        Assert.EndsWith("/api/paas/v4/", server.BaseUri.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("/api/paas/v4/chat/completions", new Uri(server.BaseUri, "chat/completions").AbsolutePath);
    }

    [Fact]
    public async Task StartAsync_InvalidOption_ThrowsNamingFieldAndValue()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            ZaiTestServer.StartAsync(new ZaiTestServerOptions { EmbeddingDimension = 0 }, Ct));

        Assert.Contains("EmbeddingDimension is 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostChat_NonStreaming_ReturnsZaiCompletion()
    {
        await using var server = await ZaiTestServer.StartAsync(new ZaiTestServerOptions { TimeProvider = new FakeTimeProvider(Start) }, Ct);
        using var client = Client(server);

        var completion = await client.PostForJsonAsync("chat/completions", ChatBody("hello there server"));

        Assert.Equal("chat.completion", completion.GetProperty("object").GetString());
        Assert.Equal("glm-4.6", completion.GetProperty("model").GetString());
        Assert.Equal(Start.ToUnixTimeSeconds(), completion.GetProperty("created").GetInt64());
        Assert.StartsWith("20260102030405", completion.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(completion.GetProperty("id").GetString(), completion.GetProperty("request_id").GetString());
        var message = Message(completion);
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        var content = message.GetProperty("content").GetString()!;
        Assert.EndsWith("re: hello there server", content, StringComparison.Ordinal);
        Assert.False(message.TryGetProperty("reasoning_content", out _));
        Assert.Equal("stop", FinishReason(completion));
        var usage = completion.GetProperty("usage");
        Assert.Equal(4, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(content.Split(' ').Length, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
    }

    [Fact]
    public async Task PostChat_SameAndDifferentRequests_ContentEqualOnlyForEqualRequests()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);

        var first = await client.ChatContentAsync(ChatBody("same question"));
        var again = await client.ChatContentAsync(ChatBody("same question", ""","request_id":"other-id","stream":false"""));
        var otherText = await client.ChatContentAsync(ChatBody("another question"));
        var otherTemperature = await client.ChatContentAsync(ChatBody("same question", ""","temperature":0.2"""));
        var otherModel = await client.ChatContentAsync(ChatBody("same question").Replace("glm-4.6", "glm-4.5-air", StringComparison.Ordinal));

        Assert.Equal(first, again);
        Assert.Equal(4, new[] { first, otherText, otherTemperature, otherModel }.Distinct().Count());
    }

    [Theory]
    [InlineData("""{"type":"enabled"}""", true)]
    [InlineData("""{"type":"enabled","clear_thinking":false}""", true)]
    [InlineData("""{"type":"disabled"}""", false)]
    public async Task PostChat_Thinking_ReasoningContentOnlyWhenEnabled(string thinking, bool expectReasoning)
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);

        var completion = await client.PostForJsonAsync("chat/completions", ChatBody("think first", $""","thinking":{thinking}"""));

        Assert.Equal(expectReasoning, Message(completion).TryGetProperty("reasoning_content", out var reasoning));
        if (expectReasoning)
        {
            Assert.StartsWith("Thinking:", reasoning.GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PostChat_SmallMaxTokens_TruncatesWithFinishReasonLength()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);

        var full = await client.ChatContentAsync(ChatBody("a long enough question"));
        var completion = await client.PostForJsonAsync("chat/completions", ChatBody("a long enough question", ""","max_tokens":3"""));

        var content = Message(completion).GetProperty("content").GetString()!;
        Assert.Equal("length", FinishReason(completion));
        Assert.Equal(3, content.Split(' ').Length);
        Assert.StartsWith(content, full, StringComparison.Ordinal);
        Assert.Equal(3, completion.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task PostChat_StopSequence_CutsBeforeItWithFinishReasonStop()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);

        var completion = await client.PostForJsonAsync("chat/completions", ChatBody("cut here please", ""","stop":["here"]"""));

        Assert.EndsWith("re: cut ", Message(completion).GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal("stop", FinishReason(completion));
    }

    [Fact]
    public async Task PostChat_RequestIdAndUserId_EchoesRequestId()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);

        var completion = await client.PostForJsonAsync("chat/completions",
            ChatBody("hi", ""","request_id":"req-42","user_id":"user-000042","do_sample":true,"top_p":0.9"""));

        Assert.Equal("req-42", completion.GetProperty("request_id").GetString());
        Assert.NotEqual("req-42", completion.GetProperty("id").GetString());
    }

    [Fact]
    public async Task PostChat_RepeatedPromptPrefix_ReportsCachedTokens()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);
        const string system = """{"role":"system","content":"You answer briefly and politely."}""";

        await client.PostForJsonAsync("chat/completions", $$"""{"model":"glm-4.6","messages":[{{system}},{"role":"user","content":"first"}]}""");
        var second = await client.PostForJsonAsync("chat/completions", $$"""{"model":"glm-4.6","messages":[{{system}},{"role":"user","content":"second"}]}""");

        // The system message (1 for its role + 5 words) was seen before; the new user message was not.
        Assert.Equal(6, second.GetProperty("usage").GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
    }

    [Fact]
    public async Task PostChat_ContentParts_ReadsTextParts()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);

        var content = await client.ChatContentAsync("""
            {"model":"glm-4.6","messages":[{"role":"user","content":[
              {"type":"text","text":"describe"},
              {"type":"image_url","image_url":{"url":"https://example.invalid/cat.png"}},
              {"type":"text","text":"this picture"}]}]}
            """);

        Assert.EndsWith("re: describe this picture", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostChat_Tools_CallsFunctionThenAnswersToolResult()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);
        const string tools = """
            ,"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object",
              "properties":{"city":{"type":"string"},"days":{"type":"integer"}}}}}],"tool_choice":"auto"
            """;

        var call = await client.PostForJsonAsync("chat/completions", ChatBody("weather in Paris", tools));

        Assert.Equal("tool_calls", FinishReason(call));
        var toolCall = Message(call).GetProperty("tool_calls")[0];
        Assert.Equal(JsonValueKind.Null, Message(call).GetProperty("content").ValueKind);
        Assert.Equal("get_weather", toolCall.GetProperty("function").GetProperty("name").GetString());
        var arguments = JsonDocument.Parse(toolCall.GetProperty("function").GetProperty("arguments").GetString()!).RootElement;
        Assert.Equal("weather in Paris", arguments.GetProperty("city").GetString());
        Assert.Equal(1, arguments.GetProperty("days").GetInt32());

        var id = toolCall.GetProperty("id").GetString();
        var answer = await client.PostForJsonAsync("chat/completions", $$"""
            {"model":"glm-4.6","messages":[
              {"role":"user","content":"weather in Paris"},
              {"role":"assistant","content":null,"tool_calls":[{{toolCall.GetRawText()}}]},
              {"role":"tool","tool_call_id":"{{id}}","content":"sunny"}]{{tools}}}
            """);
        Assert.Equal("stop", FinishReason(answer));
        Assert.EndsWith("re: weather in Paris", Message(answer).GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostChat_JsonObjectResponseFormat_ContentIsJson()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);

        var content = await client.ChatContentAsync(ChatBody("give json", ""","response_format":{"type":"json_object"}"""));

        Assert.EndsWith("re: give json", JsonDocument.Parse(content).RootElement.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostChat_Streaming_SendsOrderedChunksUsageAndDone()
    {
        await using var server = await ZaiTestServer.StartAsync(new ZaiTestServerOptions { StreamChunkTokens = 3 }, Ct);
        using var client = Client(server);
        var body = ChatBody("stream this answer", ""","thinking":{"type":"enabled"}""");
        var whole = Message(await client.PostForJsonAsync("chat/completions", body));

        var stream = await client.StreamAsync(body.Replace("}]", "}],\"stream\":true", StringComparison.Ordinal));

        Assert.True(stream.Done);
        Assert.Null(stream.Broken);
        var chunks = stream.Chunks;
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        var kinds = chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Select(d => d.TryGetProperty("reasoning_content", out _) ? 'r' : 'c').ToArray();
        Assert.Matches("^r+c+$", new string(kinds));
        Assert.Equal(whole.GetProperty("reasoning_content").GetString(), stream.Reasoning);
        Assert.Equal(whole.GetProperty("content").GetString(), stream.Content);
        Assert.True(stream.Deltas("content").SkipLast(1).All(d => d.Trim().Split(' ').Length <= 3));

        var last = chunks[^1];
        Assert.Equal("stop", last.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        var usage = last.GetProperty("usage");
        Assert.Equal(4, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.True(usage.GetProperty("completion_tokens").GetInt32() > 0);
        Assert.All(chunks.SkipLast(1), c => Assert.False(c.TryGetProperty("usage", out _)));
        Assert.All(chunks.SkipLast(1), c => Assert.False(c.GetProperty("choices")[0].TryGetProperty("finish_reason", out _)));
    }

    [Fact]
    public async Task PostChat_StreamingWithTools_SendsToolCallDelta()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);

        var stream = await client.StreamAsync(ChatBody("use a tool",
            ""","stream":true,"tools":[{"type":"function","function":{"name":"lookup"}}]"""));

        Assert.True(stream.Done);
        var toolCall = stream.Chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("tool_calls")[0];
        Assert.Equal("lookup", toolCall.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("tool_calls", stream.Chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }
}
