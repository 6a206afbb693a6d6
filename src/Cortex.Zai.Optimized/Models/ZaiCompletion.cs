using System.Text.Json.Serialization;

namespace Cortex.Zai.Optimized.Models;

/// <summary>
/// A chat completion in Z.AI's format, with where it came from. A completion the client returns is read-only
/// (<see cref="ZaiObject.IsReadOnly"/>), down to its choices, messages, tool calls and usage: the cache and deduplication hand the
/// same answer to several callers, and none of them can change what the others see.
/// </summary>
public sealed class ZaiCompletion : ZaiObject
{
    /// <summary>Gets or sets Z.AI's id of the completion.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>Gets or sets the request id (the caller's, or Z.AI's own).</summary>
    [JsonPropertyName("request_id")]
    public string? RequestId { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>Gets or sets the Unix time of creation.</summary>
    [JsonPropertyName("created")]
    public long Created { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>Gets or sets the model that answered.</summary>
    [JsonPropertyName("model")]
    public string? Model { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>Gets or sets the answers.</summary>
    [JsonPropertyName("choices")]
    public IList<ZaiChoice> Choices { get; set { ThrowIfReadOnly(); field = value; } } = new List<ZaiChoice>();

    /// <summary>Gets or sets the token usage.</summary>
    [JsonPropertyName("usage")]
    public ZaiUsage? Usage { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>Gets or sets where this answer came from (not part of Z.AI's JSON).</summary>
    [JsonIgnore]
    public ZaiResponseSource Source { get; set { ThrowIfReadOnly(); field = value; } }

    /// <summary>Gets the first answer's text.</summary>
    [JsonIgnore]
    public string? Content => Choices.Count > 0 ? Choices[0].Message?.Content : null;

    /// <summary>Gets the first answer's reasoning.</summary>
    [JsonIgnore]
    public string? ReasoningContent => Choices.Count > 0 ? Choices[0].Message?.ReasoningContent : null;

    /// <summary>Gets the first answer's finish reason.</summary>
    [JsonIgnore]
    public string? FinishReason => Choices.Count > 0 ? Choices[0].FinishReason : null;

    private protected override void MakeContentsReadOnly()
    {
        Usage?.MakeReadOnly();
        Choices = ReadOnly(Choices);
    }
}
