using System.Text.Json.Serialization;

namespace Cortex.Zai.Optimized.Models;

/// <summary>One Server-Sent Event of a streamed completion.</summary>
public sealed class ZaiCompletionChunk : ZaiObject
{
    /// <summary>Gets or sets Z.AI's id of the completion.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>Gets or sets the Unix time of creation.</summary>
    [JsonPropertyName("created")]
    public long Created { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>Gets or sets the model that answers.</summary>
    [JsonPropertyName("model")]
    public string? Model { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>Gets or sets the increments.</summary>
    [JsonPropertyName("choices")]
    public IList<ZaiChoice> Choices { get; set { ThrowIfReadOnly(); field = value; } } = new List<ZaiChoice>();

    /// <summary>Gets or sets the usage, on the last chunk.</summary>
    [JsonPropertyName("usage")]
    public ZaiUsage? Usage { get; set { ThrowIfReadOnly(); field = value; } }

    private protected override void MakeContentsReadOnly()
    {
        Usage?.MakeReadOnly();
        Choices = ReadOnly(Choices);
    }
}
