using Cortex.Zai.Optimized.Caching;
using Cortex.Zai.Optimized.Models;

namespace Cortex.Zai.Optimized.Tests.Caching;

public sealed class ZaiCacheKeyTests
{
    private const string ApiKey = "sk-test.0123456789abcdefSECRET";

    private static readonly Dictionary<string, Action<KeyInputs>> AnswerChanging = new()
    {
        ["model"] = k => k.Model = "glm-4.5",
        ["role"] = k => k.Request.Messages[0].Role = "user",
        ["content"] = k => k.Request.Messages[1].Content = "Weather in Lyon?",
        ["reasoning_content"] = k => k.Request.Messages[2].ReasoningContent = "Maybe not.",
        ["tool_calls.id"] = k => k.Request.Messages[2].ToolCalls![0].Id = "call_2",
        ["tool_calls.name"] = k => k.Request.Messages[2].ToolCalls![0].Function!.Name = "get_forecast",
        ["tool_calls.arguments"] = k => k.Request.Messages[2].ToolCalls![0].Function!.Arguments = """{"city":"Lyon"}""",
        ["tool_call_id"] = k => k.Request.Messages[3].ToolCallId = "call_2",
        ["messages.count"] = k => k.Request.Messages.Add(new() { Role = "user", Content = "And tomorrow?" }),
        ["tools"] = k => k.Request.Tools = CacheTestData.Json("""[{"type":"function","function":{"name":"get_weather"}}]"""),
        ["tool_choice"] = k => k.Request.ToolChoice = CacheTestData.Json("\"none\""),
        ["response_format"] = k => k.Request.ResponseFormat = CacheTestData.Json("""{"type":"json_object"}"""),
        ["temperature"] = k => k.Request.Temperature = 0.3,
        ["top_p"] = k => k.Request.TopP = 0.8,
        ["do_sample"] = k => k.Request.DoSample = true,
        ["max_tokens"] = k => k.Request.MaxTokens = 101,
        ["stop"] = k => k.Request.Stop = ["STOP"],
        ["thinking.type"] = k => k.Request.Thinking!.Type = "disabled",
        ["thinking.clear_thinking"] = k => k.Request.Thinking!.ClearThinking = true,
        ["thinking.absent"] = k => k.Request.Thinking = null,
        ["base_url"] = k => k.BaseUrl = "https://api.z.ai/api/coding/paas/v4",
        ["api_key"] = k => k.Fingerprint = ZaiCacheKey.Fingerprint("sk-other-key"),
    };

    private static readonly Dictionary<string, Action<KeyInputs>> AnswerNeutral = new()
    {
        ["request_id"] = k => k.Request.RequestId = "req-42",
        ["user_id"] = k => k.Request.UserId = "user-123456",
        ["stream"] = k => k.Request.Stream = true,
        ["cache_mode"] = k => k.Request.CacheMode = ZaiCacheMode.Force,
        ["cache_ttl"] = k => k.Request.CacheTtl = TimeSpan.FromHours(1),
        ["tool_calls.index"] = k => k.Request.Messages[2].ToolCalls![0].Index = 0,
        ["base_url.trailing_slash"] = k => k.BaseUrl = CacheTestData.BaseUrl + "/",
        ["base_url.host_case"] = k => k.BaseUrl = "HTTPS://API.Z.AI/api/paas/v4",
    };

    public static TheoryData<string> AnswerChangingFields => [.. AnswerChanging.Keys];

    public static TheoryData<string> AnswerNeutralFields => [.. AnswerNeutral.Keys];

    [Fact]
    public void Compute_EqualRequests_EqualKeys()
    {
        var first = new KeyInputs().Key();
        var second = new KeyInputs().Key();

        Assert.Equal(first, second);
        Assert.Matches("^[0-9a-f]{64}$", first);
    }

    [Theory]
    [MemberData(nameof(AnswerChangingFields))]
    public void Compute_AnswerChangingFieldDiffers_KeyDiffers(string field)
    {
        var changed = new KeyInputs();
        AnswerChanging[field](changed);

        Assert.NotEqual(new KeyInputs().Key(), changed.Key());
    }

    [Theory]
    [MemberData(nameof(AnswerNeutralFields))]
    public void Compute_AnswerNeutralFieldDiffers_KeyUnchanged(string field)
    {
        var changed = new KeyInputs();
        AnswerNeutral[field](changed);

        Assert.Equal(new KeyInputs().Key(), changed.Key());
    }

    [Fact]
    public void Compute_ToolsWithOtherKeyOrderSpacingAndNumberForms_SameKey()
    {
        var reordered = new KeyInputs();
        reordered.Request.Tools = CacheTestData.Json("""
            [ { "function": { "parameters": { "maxProperties": 1.0, "properties": { "city": { "type": "string" } }, "type": "object" },
                              "name": "get_\u0077eather" },
                "type": "function" } ]
            """);

        Assert.Equal(new KeyInputs().Key(), reordered.Key());
    }

    [Fact]
    public void Compute_ConversationLargerThanRetainedBuffer_SameKeysBeforeAndAfter()
    {
        var before = new KeyInputs().Key();
        var huge = new KeyInputs();
        huge.Request.Messages[1].Content = new string('x', 1_000_000);

        var hugeKey = huge.Key();

        Assert.Equal(hugeKey, huge.Key());
        Assert.Equal(before, new KeyInputs().Key());
        Assert.NotEqual(before, hugeKey);
    }

    [Fact]
    public void Compute_ApiKey_NeverInKeyOrFingerprint()
    {
        var fingerprint = ZaiCacheKey.Fingerprint(ApiKey);
        var key = new KeyInputs().Key();

        Assert.Matches("^[0-9a-f]{16}$", fingerprint);
        Assert.DoesNotContain(ApiKey, key, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SECRET", fingerprint, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ApiKey, fingerprint, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Fingerprint_TwoApiKeys_DifferStableAndNoKeyIsNamed()
    {
        Assert.NotEqual(ZaiCacheKey.Fingerprint(ApiKey), ZaiCacheKey.Fingerprint(ApiKey + "2"));
        Assert.Equal(ZaiCacheKey.Fingerprint(ApiKey), ZaiCacheKey.Fingerprint(ApiKey));
        Assert.Equal(ZaiCacheKey.NoKeyFingerprint, ZaiCacheKey.Fingerprint(null));
        Assert.Equal(ZaiCacheKey.NoKeyFingerprint, ZaiCacheKey.Fingerprint(string.Empty));
    }

    private sealed class KeyInputs
    {
        public ZaiCompletionRequest Request { get; } = CacheTestData.Request();

        public string Model { get; set; } = "glm-4.6";

        public string BaseUrl { get; set; } = CacheTestData.BaseUrl;

        public string Fingerprint { get; set; } = ZaiCacheKey.Fingerprint(ApiKey);

        public string Key() => ZaiCacheKey.Compute(Request, Model, BaseUrl, Fingerprint);
    }
}
