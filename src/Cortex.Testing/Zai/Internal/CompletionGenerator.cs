using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cortex.Testing.Zai.Internal;

/// <summary>
/// Makes an answer out of a request alone: words picked by a hash of what the request says (model, messages, sampling
/// fields, tools), then the last user message echoed. Equal requests get equal answers and different ones differ,
/// which is what cache, dedup and retry tests need; one word counts as one token.
/// </summary>
internal static class CompletionGenerator
{
    private const int MaxEchoWords = 32;
    private const int ReasoningWords = 6;

    private static readonly string[] Vocabulary =
    [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
        "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa",
        "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey", "xray",
        "yankee", "zulu", "amber", "birch", "cedar", "dune", "ember", "fjord",
        "grove", "harbor", "island", "jasper", "kelp", "lagoon", "meadow", "nectar",
        "orchid", "pebble", "quartz", "river", "summit", "tundra", "umber", "valley",
        "willow", "yarrow", "zephyr", "anchor", "beacon", "canyon", "drift", "estuary",
        "falcon", "glacier", "horizon", "ivory", "jade", "keystone", "lantern", "mosaic",
    ];

    public static ChatAnswer Generate(ChatRequest request, ZaiTestServerOptions options, string? finishReasonOverride, PromptCache cache)
    {
        var promptTokens = request.Messages.Sum(m => m.Tokens);
        var cachedTokens = cache.CachedTokens(request.Model, request.Messages);
        var reasoning = request.Thinking ? "Thinking: " + string.Join(' ', Words(request.ContentSeed, "reasoning", ReasoningWords)) : null;
        var reasoningTokens = reasoning is null ? 0 : ReasoningWords + 1;

        if (request.Tool is { } tool)
        {
            var name = tool.GetProperty("name").GetString()!;
            var arguments = Arguments(tool, LastUserText(request));
            var id = "call_" + Convert.ToHexStringLower(Hash(request.ContentSeed, "tool"))[..24];
            return new ChatAnswer(reasoning, null, new ToolCallAnswer(id, name, arguments), finishReasonOverride ?? "tool_calls",
                promptTokens, cachedTokens, reasoningTokens + ChatRequest.CountWords(arguments));
        }

        var words = Words(request.ContentSeed, "content", options.CompletionTokens).ToList();
        var echo = LastUserText(request).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (echo.Length > 0)
        {
            words.Add("re:");
            words.AddRange(echo.Take(MaxEchoWords));
        }

        var content = string.Join(' ', words);
        if (request.JsonObjectResponse)
        {
            content = JsonObjectAnswer(content);
        }

        var finishReason = "stop";
        var stopAt = request.Stop.Select(s => content.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        if (stopAt >= 0)
        {
            content = content[..stopAt];
        }

        var pieces = content.Split(' ');
        if (request.MaxTokens is { } max && CountTokens(pieces) > max)
        {
            content = string.Join(' ', pieces.Where(p => p.Length > 0).Take(max));
            finishReason = "length";
        }

        return new ChatAnswer(reasoning, content, null, finishReasonOverride ?? finishReason,
            promptTokens, cachedTokens, reasoningTokens + ChatRequest.CountWords(content));
    }

    private static int CountTokens(string[] pieces) => pieces.Count(p => p.Length > 0);

    private static string LastUserText(ChatRequest request) =>
        request.Messages.LastOrDefault(m => m.Role == "user")?.Text ?? string.Empty;

    private static byte[] Hash(byte[] seed, string salt) =>
        SHA256.HashData([.. Encoding.UTF8.GetBytes(salt), 0, .. seed]);

    private static IEnumerable<string> Words(byte[] seed, string salt, int count)
    {
        // Counter mode: as many 32-byte blocks as the answer needs words, each word one byte of a block.
        var block = Array.Empty<byte>();
        for (var i = 0; i < count; i++)
        {
            if (i % 32 == 0)
            {
                block = Hash(seed, $"{salt}:{i / 32}");
            }

            yield return Vocabulary[block[i % 32] % Vocabulary.Length];
        }
    }

    private static string JsonObjectAnswer(string text) => JsonBytes.ObjectText(json => json.WriteString("answer", text));

    /// <summary>Fills the function's declared parameters: strings with the user's words, numbers with 1, booleans with true.</summary>
    private static string Arguments(JsonElement function, string userText) => JsonBytes.ObjectText(json =>
    {
        if (function.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object
            && parameters.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                json.WritePropertyName(property.Name);
                var type = property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("type", out var t)
                    && t.ValueKind == JsonValueKind.String ? t.GetString() : "string";
                switch (type)
                {
                    case "integer" or "number":
                        json.WriteNumberValue(1);
                        break;
                    case "boolean":
                        json.WriteBooleanValue(true);
                        break;
                    case "array":
                        json.WriteStartArray();
                        json.WriteEndArray();
                        break;
                    case "object":
                        json.WriteStartObject();
                        json.WriteEndObject();
                        break;
                    default:
                        json.WriteStringValue(userText);
                        break;
                }
            }
        }
    });
}
