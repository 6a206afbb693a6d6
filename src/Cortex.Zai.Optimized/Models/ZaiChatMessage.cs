using System.Text.Json.Serialization;

namespace Cortex.Zai.Optimized.Models;

/// <summary>A chat message in Z.AI's wire format (also a streamed delta, where every field is optional).</summary>
public sealed class ZaiChatMessage : ZaiObject
{
    /// <summary>Gets or sets the role: <c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</summary>
    [JsonPropertyName("role")]
    public string? Role { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>Gets or sets the text.</summary>
    [JsonPropertyName("content")]
    public string? Content { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>Gets or sets the model's reasoning (thinking mode), on assistant messages.</summary>
    [JsonPropertyName("reasoning_content")]
    public string? ReasoningContent { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>Gets or sets the function calls the assistant asked for.</summary>
    [JsonPropertyName("tool_calls")]
    public IList<ZaiToolCall>? ToolCalls { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>Gets or sets the id of the call a <c>tool</c> message answers.</summary>
    [JsonPropertyName("tool_call_id")]
    public string? ToolCallId { get; set { ThrowIfReadOnly(); field = value; } }

    private protected override void MakeContentsReadOnly()
    {
        ToolCalls = ReadOnly(ToolCalls);
    }
}
