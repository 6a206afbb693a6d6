using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Cortex.Testing.Zai.Internal;

/// <summary>
/// <c>POST embeddings</c>: <c>{model, input: string | string[], dimensions?}</c> answered with one unit vector per input,
/// in input order. <c>encoding_format</c> is ignored and floats are always returned, as Z.AI does.
/// </summary>
internal sealed class EmbeddingsEndpoint(ZaiServerState state)
{
    // Z.AI's embedding-3 takes at most 64 texts per call; a client that batches more must learn it here, not in production.
    private const int MaxInputs = 64;

    public Task HandleAsync(HttpContext context, JsonElement body, CancellationToken cancellationToken)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ZaiRequestException(ZaiErrors.InvalidParameters, "The request body must be a JSON object.");
        }

        var model = ChatRequest.RequiredString(body, "model");
        var inputs = ReadInputs(body);
        var dimension = ChatRequest.OptionalInt(body, "dimensions", 1, 8192) ?? state.Options.EmbeddingDimension;
        var tokens = inputs.Sum(ChatRequest.CountWords);

        var bytes = JsonBytes.Object(json =>
        {
            json.WriteString("object", "list");
            json.WriteString("model", model);
            json.WriteStartArray("data");
            for (var i = 0; i < inputs.Length; i++)
            {
                json.WriteStartObject();
                json.WriteString("object", "embedding");
                json.WriteNumber("index", i);
                json.WriteStartArray("embedding");
                foreach (var value in DeterministicVectors.Embed(inputs[i], dimension))
                {
                    json.WriteNumberValue(value);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("usage");
            json.WriteNumber("prompt_tokens", tokens);
            json.WriteNumber("completion_tokens", 0);
            json.WriteNumber("total_tokens", tokens);
            json.WriteEndObject();
        });

        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.Body.WriteAsync(bytes, cancellationToken).AsTask();
    }

    private static string[] ReadInputs(JsonElement body)
    {
        if (!body.TryGetProperty("input", out var input) || input.ValueKind == JsonValueKind.Null)
        {
            throw ZaiRequestException.Missing("input");
        }

        string[] inputs = input.ValueKind switch
        {
            JsonValueKind.String => [input.GetString()!],
            JsonValueKind.Array when input.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String) =>
                input.EnumerateArray().Select(i => i.GetString()!).ToArray(),
            _ => throw ZaiRequestException.Invalid("input", "it must be a string or an array of strings"),
        };

        if (inputs.Length is 0 or > MaxInputs)
        {
            throw ZaiRequestException.Invalid("input", $"it must hold 1 to {MaxInputs} texts");
        }

        if (inputs.Any(string.IsNullOrWhiteSpace))
        {
            throw ZaiRequestException.Invalid("input", "texts must not be empty");
        }

        return inputs;
    }
}
