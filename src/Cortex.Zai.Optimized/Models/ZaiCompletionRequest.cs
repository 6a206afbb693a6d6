using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cortex.Zai.Optimized.Models;

/// <summary>A chat completion request with every Z.AI field, plus per-request cache controls that are not sent.</summary>
public sealed class ZaiCompletionRequest
{
    /// <summary>Gets or sets the model; <see cref="ZaiClientOptions.Model"/> when <see langword="null"/>.</summary>
    [JsonPropertyName("model")]
    public string? Model { get; set; }

    /// <summary>Gets or sets the conversation.</summary>
    [JsonPropertyName("messages")]
    public IList<ZaiChatMessage> Messages { get; set; } = new List<ZaiChatMessage>();

    /// <summary>Gets or sets the sampling temperature (0 to 1).</summary>
    [JsonPropertyName("temperature")]
    public double? Temperature { get; set; }

    /// <summary>Gets or sets nucleus sampling's probability mass.</summary>
    [JsonPropertyName("top_p")]
    public double? TopP { get; set; }

    /// <summary>Gets or sets the most tokens to generate.</summary>
    [JsonPropertyName("max_tokens")]
    public int? MaxTokens { get; set; }

    /// <summary>Gets or sets the stop sequences.</summary>
    [JsonPropertyName("stop")]
    public IList<string>? Stop { get; set; }

    /// <summary>Gets or sets whether to sample; <see langword="false"/> makes the answer deterministic (and cacheable by default).</summary>
    [JsonPropertyName("do_sample")]
    public bool? DoSample { get; set; }

    /// <summary>Gets or sets the thinking mode.</summary>
    [JsonPropertyName("thinking")]
    public ZaiThinking? Thinking { get; set; }

    /// <summary>Gets or sets the tools (functions) the model may call, as Z.AI's JSON array.</summary>
    [JsonPropertyName("tools")]
    public JsonElement? Tools { get; set; }

    /// <summary>Gets or sets the tool choice (<c>"auto"</c> or an object).</summary>
    [JsonPropertyName("tool_choice")]
    public JsonElement? ToolChoice { get; set; }

    /// <summary>Gets or sets the response format, for example <c>{"type":"json_object"}</c>.</summary>
    [JsonPropertyName("response_format")]
    public JsonElement? ResponseFormat { get; set; }

    /// <summary>Gets or sets a caller-chosen request id, echoed back; it does not take part in caching or deduplication.</summary>
    [JsonPropertyName("request_id")]
    public string? RequestId { get; set; }

    /// <summary>Gets or sets the end user's id (6 to 128 characters), for abuse monitoring.</summary>
    [JsonPropertyName("user_id")]
    public string? UserId { get; set; }

    /// <summary>Gets or sets whether the answer is streamed; set by the client, not by callers.</summary>
    [JsonPropertyName("stream")]
    public bool? Stream { get; set; }

    /// <summary>Gets or sets how this request uses the cache.</summary>
    [JsonIgnore]
    public ZaiCacheMode CacheMode { get; set; }

    /// <summary>Gets or sets how long this request's answer is cached; <see cref="ZaiCacheOptions.DefaultTtl"/> when <see langword="null"/>.</summary>
    [JsonIgnore]
    public TimeSpan? CacheTtl { get; set; }
}
