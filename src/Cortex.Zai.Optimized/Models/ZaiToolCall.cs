using System.Text.Json.Serialization;

namespace Cortex.Zai.Optimized.Models;

/// <summary>A function call requested by the model.</summary>
public sealed class ZaiToolCall : ZaiObject
{
    /// <summary>Gets or sets the call's id, echoed by the <c>tool</c> message that answers it.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>Gets or sets the position of the call, in streamed deltas.</summary>
    [JsonPropertyName("index")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Index { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>Gets or sets the call type: <c>function</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set { ThrowIfReadOnly(); field = value; } } = "function";

    /// <summary>Gets or sets the function and its arguments.</summary>
    [JsonPropertyName("function")]
    public ZaiFunctionCall? Function { get; set { ThrowIfReadOnly(); field = value; } }

    private protected override void MakeContentsReadOnly()
    {
        Function?.MakeReadOnly();
    }
}
