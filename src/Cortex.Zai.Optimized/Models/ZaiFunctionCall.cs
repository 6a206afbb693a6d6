using System.Text.Json.Serialization;

namespace Cortex.Zai.Optimized.Models;

/// <summary>The function of a <see cref="ZaiToolCall"/>.</summary>
public sealed class ZaiFunctionCall : ZaiObject
{
    /// <summary>Gets or sets the function's name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>Gets or sets the arguments as a JSON text (streamed in pieces).</summary>
    [JsonPropertyName("arguments")]
    public string? Arguments { get; set { ThrowIfReadOnly(); field = value; } }
}
