using System.Text.Json.Serialization;

namespace Cortex.Zai.Optimized.Models;

/// <summary>One answer of a completion (or one delta of a streamed chunk).</summary>
public sealed class ZaiChoice : ZaiObject
{
    /// <summary>Gets or sets the choice's index.</summary>
    [JsonPropertyName("index")]
    public int Index { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>Gets or sets the answer (non-streaming).</summary>
    [JsonPropertyName("message")]
    public ZaiChatMessage? Message { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>Gets or sets the increment (streaming).</summary>
    [JsonPropertyName("delta")]
    public ZaiChatMessage? Delta { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>
    /// Gets or sets why generation stopped: <c>stop</c>, <c>length</c>, <c>tool_calls</c>, <c>sensitive</c> (content
    /// filtered) or <c>network_error</c> (Z.AI failed mid-answer); <see langword="null"/> on intermediate chunks.
    /// </summary>
    [JsonPropertyName("finish_reason")]
    public string? FinishReason { get; set { ThrowIfReadOnly(); field = value; } }

    private protected override void MakeContentsReadOnly()
    {
        Message?.MakeReadOnly();
        Delta?.MakeReadOnly();
    }
}
