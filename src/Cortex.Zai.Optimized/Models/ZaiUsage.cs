using System.Text.Json.Serialization;

namespace Cortex.Zai.Optimized.Models;

/// <summary>Token usage of a completion.</summary>
public sealed class ZaiUsage : ZaiObject
{
    /// <summary>Gets or sets the prompt tokens.</summary>
    [JsonPropertyName("prompt_tokens")]
    public int PromptTokens { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>Gets or sets the generated tokens.</summary>
    [JsonPropertyName("completion_tokens")]
    public int CompletionTokens { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>Gets or sets the total tokens.</summary>
    [JsonPropertyName("total_tokens")]
    public int TotalTokens { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>Gets or sets details of the prompt tokens.</summary>
    [JsonPropertyName("prompt_tokens_details")]
    public ZaiPromptTokensDetails? PromptTokensDetails { get; set { ThrowIfReadOnly(); field = value; } }

    private protected override void MakeContentsReadOnly()
    {
        PromptTokensDetails?.MakeReadOnly();
    }
}
