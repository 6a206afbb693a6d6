using System.Text.Json;
using Cortex.Zai.Optimized.Models;

namespace Cortex.Zai.Optimized.Tests.Caching;

/// <summary>Requests and completions with every field the cache must key on or carry.</summary>
internal static class CacheTestData
{
    public const string BaseUrl = "https://api.z.ai/api/paas/v4";

    public static ZaiCompletionRequest Request() => new()
    {
        Model = "glm-4.6",
        Messages =
        [
            new() { Role = "system", Content = "You answer briefly." },
            new() { Role = "user", Content = "Weather in Paris?" },
            new()
            {
                Role = "assistant",
                ReasoningContent = "I should call the tool.",
                ToolCalls = [new() { Id = "call_1", Function = new() { Name = "get_weather", Arguments = """{"city":"Paris"}""" } }],
            },
            new() { Role = "tool", ToolCallId = "call_1", Content = "18 C, sunny" },
        ],
        Tools = Json("""[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"maxProperties":1}}}]"""),
        ToolChoice = Json("\"auto\""),
        ResponseFormat = Json("""{"type":"text"}"""),
        Temperature = 0.2,
        TopP = 0.9,
        DoSample = false,
        MaxTokens = 100,
        Stop = ["END"],
        Thinking = new() { Type = "enabled", ClearThinking = false },
    };

    public static ZaiCompletion Completion(string content, string? finishReason = "stop") => new()
    {
        Id = "chatcmpl-" + content.Length,
        RequestId = "req-1",
        Created = 1_767_225_600,
        Model = "glm-4.6",
        Choices =
        [
            new()
            {
                Index = 0,
                FinishReason = finishReason,
                Message = new()
                {
                    Role = "assistant",
                    Content = content,
                    ReasoningContent = "thinking about " + content[..Math.Min(20, content.Length)],
                    ToolCalls = [new() { Id = "call_9", Function = new() { Name = "lookup", Arguments = """{"q":"x"}""" } }],
                },
            },
        ],
        Usage = new() { PromptTokens = 120, CompletionTokens = 30, TotalTokens = 150, PromptTokensDetails = new() { CachedTokens = 64 } },
    };

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static void AssertSameCompletion(ZaiCompletion expected, ZaiCompletion? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Model, actual.Model);
        Assert.Equal(expected.Created, actual.Created);
        Assert.Equal(expected.Choices.Count, actual.Choices.Count);
        for (var i = 0; i < expected.Choices.Count; i++)
        {
            var (e, a) = (expected.Choices[i], actual.Choices[i]);
            Assert.Equal(e.Index, a.Index);
            Assert.Equal(e.FinishReason, a.FinishReason);
            Assert.Equal(e.Message?.Role, a.Message?.Role);
            Assert.Equal(e.Message?.Content, a.Message?.Content);
            Assert.Equal(e.Message?.ReasoningContent, a.Message?.ReasoningContent);
            var expectedCalls = e.Message?.ToolCalls ?? [];
            var actualCalls = a.Message?.ToolCalls ?? [];
            Assert.Equal(
                expectedCalls.Select(c => (c.Id, c.Type, c.Function?.Name, c.Function?.Arguments)),
                actualCalls.Select(c => (c.Id, c.Type, c.Function?.Name, c.Function?.Arguments)));
        }

        Assert.Equal(expected.Usage?.PromptTokens, actual.Usage?.PromptTokens);
        Assert.Equal(expected.Usage?.CompletionTokens, actual.Usage?.CompletionTokens);
        Assert.Equal(expected.Usage?.TotalTokens, actual.Usage?.TotalTokens);
        Assert.Equal(expected.Usage?.PromptTokensDetails?.CachedTokens, actual.Usage?.PromptTokensDetails?.CachedTokens);
    }
}
