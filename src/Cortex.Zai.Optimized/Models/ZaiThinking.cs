using System.Text.Json.Serialization;

namespace Cortex.Zai.Optimized.Models;

/// <summary>Z.AI's thinking (reasoning) mode switch.</summary>
public sealed class ZaiThinking
{
    /// <summary>Gets or sets <c>enabled</c> or <c>disabled</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = "enabled";

    /// <summary>Gets or sets whether earlier turns' reasoning is dropped from the context.</summary>
    [JsonPropertyName("clear_thinking")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? ClearThinking { get; set; }
}
