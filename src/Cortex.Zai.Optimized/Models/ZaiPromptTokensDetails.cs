using System.Text.Json.Serialization;

namespace Cortex.Zai.Optimized.Models;

/// <summary>Details of a completion's prompt tokens.</summary>
public sealed class ZaiPromptTokensDetails : ZaiObject
{
    /// <summary>Gets or sets the prompt tokens Z.AI served from its own context cache (billed lower).</summary>
    [JsonPropertyName("cached_tokens")]
    public int CachedTokens { get; set { ThrowIfReadOnly(); field = value; } }
}
