using System.Text.Json.Serialization;
using Cortex.Zai.Optimized.Models;

namespace Cortex.Zai.Optimized.Internal;

/// <summary>Source-generated JSON for the wire format: no reflection, and fast enough for the cache-hit path.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ZaiCompletionRequest))]
[JsonSerializable(typeof(ZaiCompletion))]
[JsonSerializable(typeof(ZaiCompletionChunk))]
[JsonSerializable(typeof(EmbeddingRequest))]
[JsonSerializable(typeof(EmbeddingResponse))]
[JsonSerializable(typeof(ErrorEnvelope))]
internal sealed partial class ZaiJsonContext : JsonSerializerContext;

internal sealed class EmbeddingRequest
{
    [JsonPropertyName("model")]
    public required string Model { get; init; }

    [JsonPropertyName("input")]
    public required IReadOnlyList<string> Input { get; init; }

    [JsonPropertyName("dimensions")]
    public int? Dimensions { get; init; }
}

internal sealed class EmbeddingResponse
{
    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("data")]
    public List<EmbeddingItem> Data { get; set; } = [];

    [JsonPropertyName("usage")]
    public ZaiUsage? Usage { get; set; }
}

internal sealed class EmbeddingItem
{
    [JsonPropertyName("index")]
    public int Index { get; set; }

    [JsonPropertyName("embedding")]
    public float[] Embedding { get; set; } = [];
}

internal sealed class ErrorEnvelope
{
    [JsonPropertyName("error")]
    public ErrorBody? Error { get; set; }
}

internal sealed class ErrorBody
{
    // Z.AI sends the code as a string ("1302"); some gateways send a number. Both are read.
    [JsonPropertyName("code")]
    public System.Text.Json.JsonElement CodeValue { get; set; }

    [JsonIgnore]
    public string? Code => CodeValue.ValueKind switch
    {
        System.Text.Json.JsonValueKind.String => CodeValue.GetString(),
        System.Text.Json.JsonValueKind.Number => CodeValue.GetRawText(),
        _ => null,
    };

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
