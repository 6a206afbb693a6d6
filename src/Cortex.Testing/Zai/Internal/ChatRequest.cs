using System.Text;
using System.Text.Json;

namespace Cortex.Testing.Zai.Internal;

/// <summary>
/// A <c>chat/completions</c> request read and checked the way Z.AI checks it; a bad field throws
/// <see cref="ZaiRequestException"/> naming it. Fields Z.AI does not know (OpenAI's <c>stream_options</c>,
/// <c>max_completion_tokens</c>, ...) are ignored, as the real API ignores them.
/// </summary>
internal sealed class ChatRequest
{
    // Fields that change how an answer is delivered or cut, not what it says: a streamed and a non-streamed call, or a
    // call with a different request_id, get the same words.
    private static readonly HashSet<string> DeliveryOnlyFields = new(StringComparer.Ordinal)
    {
        "stream", "stream_options", "request_id", "user_id", "max_tokens", "stop",
    };

    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal) { "system", "user", "assistant", "tool" };

    private ChatRequest(JsonElement root)
    {
        Model = RequiredString(root, "model");
        Messages = ReadMessages(root);
        Stream = OptionalBool(root, "stream") ?? false;
        MaxTokens = OptionalInt(root, "max_tokens", 1, int.MaxValue);
        OptionalNumber(root, "temperature", 0, 1);
        OptionalNumber(root, "top_p", 0, 1);
        OptionalBool(root, "do_sample");
        Stop = ReadStop(root);
        Thinking = ReadThinking(root);
        RequestId = OptionalString(root, "request_id");
        ReadUserId(root);
        JsonObjectResponse = ReadResponseFormat(root);
        Tool = ReadTool(root);
        ContentSeed = CanonicalJson.Canonicalize(root, DeliveryOnlyFields);
    }

    public string Model { get; }

    public IReadOnlyList<ChatMessageInfo> Messages { get; }

    public bool Stream { get; }

    public int? MaxTokens { get; }

    public IReadOnlyList<string> Stop { get; }

    public bool Thinking { get; }

    public string? RequestId { get; }

    public bool JsonObjectResponse { get; }

    /// <summary>The function the answer calls, or null when it answers in text.</summary>
    public JsonElement? Tool { get; }

    /// <summary>The canonical request minus <see cref="DeliveryOnlyFields"/>: what the answer's words derive from.</summary>
    public byte[] ContentSeed { get; }

    public static ChatRequest Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ZaiRequestException(ZaiErrors.InvalidParameters, "The request body must be a JSON object.");
        }

        return new ChatRequest(root);
    }

    public static int CountWords(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var space = char.IsWhiteSpace(c);
            if (!space && !inWord)
            {
                count++;
            }

            inWord = !space;
        }

        return count;
    }

    internal static string RequiredString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw ZaiRequestException.Missing(name);
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw ZaiRequestException.Invalid(name, "it must be a non-empty string");
        }

        return value.GetString()!;
    }

    internal static int? OptionalInt(JsonElement root, string name, int min, int max)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min || number > max)
        {
            throw ZaiRequestException.Invalid(name, $"it must be an integer from {min} to {max}");
        }

        return number;
    }

    private static string? OptionalString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw ZaiRequestException.Invalid(name, "it must be a string");
    }

    private static bool? OptionalBool(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw ZaiRequestException.Invalid(name, "it must be true or false"),
        };
    }

    private static void OptionalNumber(JsonElement root, string name, double min, double max)
    {
        if (root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            && (value.ValueKind != JsonValueKind.Number || value.GetDouble() is var number && (number < min || number > max)))
        {
            throw ZaiRequestException.Invalid(name, $"it must be a number from {min} to {max}");
        }
    }

    private static List<ChatMessageInfo> ReadMessages(JsonElement root)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind == JsonValueKind.Null)
        {
            throw ZaiRequestException.Missing("messages");
        }

        if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            throw ZaiRequestException.Invalid("messages", "it must be a non-empty array");
        }

        var result = new List<ChatMessageInfo>(messages.GetArrayLength());
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            result.Add(ReadMessage(message, $"messages[{index++}]"));
        }

        return result;
    }

    private static ChatMessageInfo ReadMessage(JsonElement message, string where)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw ZaiRequestException.Invalid(where, "each message must be an object");
        }

        var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : null;
        if (role is null || !Roles.Contains(role))
        {
            throw ZaiRequestException.Invalid($"{where}.role", "it must be system, user, assistant or tool");
        }

        message.TryGetProperty("tool_calls", out var toolCalls);
        if (toolCalls.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Array))
        {
            throw ZaiRequestException.Invalid($"{where}.tool_calls", "it must be an array");
        }

        var hasToolCalls = toolCalls.ValueKind == JsonValueKind.Array;

        if (role == "tool" && (!message.TryGetProperty("tool_call_id", out var id) || id.ValueKind != JsonValueKind.String))
        {
            throw ZaiRequestException.Missing($"{where}.tool_call_id");
        }

        var text = ReadContent(message, where, contentOptional: role == "assistant" && hasToolCalls);
        var tokens = 1 + CountWords(text) + (hasToolCalls ? CountWords(toolCalls.GetRawText()) : 0);
        return new ChatMessageInfo(role, text, tokens, message);
    }

    private static string ReadContent(JsonElement message, string where, bool contentOptional)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return contentOptional ? string.Empty : throw ZaiRequestException.Missing($"{where}.content");
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw ZaiRequestException.Invalid($"{where}.content", "it must be a string or an array of content parts");
        }

        // Only text parts carry words; image, video and file parts are accepted and otherwise ignored.
        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                throw ZaiRequestException.Invalid($"{where}.content", "each content part must be an object with a type");
            }

            if (type.ValueEquals("text"))
            {
                if (!part.TryGetProperty("text", out var partText) || partText.ValueKind != JsonValueKind.String)
                {
                    throw ZaiRequestException.Missing($"{where}.content.text");
                }

                text.Append(text.Length == 0 ? string.Empty : " ").Append(partText.GetString());
            }
        }

        return text.ToString();
    }

    private static string[] ReadStop(JsonElement root)
    {
        if (!root.TryGetProperty("stop", out var stop) || stop.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (stop.ValueKind == JsonValueKind.String)
        {
            return [stop.GetString()!];
        }

        if (stop.ValueKind != JsonValueKind.Array || stop.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String))
        {
            throw ZaiRequestException.Invalid("stop", "it must be a string or an array of strings");
        }

        return stop.EnumerateArray().Select(s => s.GetString()!).Where(s => s.Length > 0).ToArray();
    }

    private static bool ReadThinking(JsonElement root)
    {
        if (!root.TryGetProperty("thinking", out var thinking) || thinking.ValueKind == JsonValueKind.Null)
        {
            // GLM-4.6 decides per request whether to think ("hybrid"); a fake cannot, so it does not think unless asked.
            return false;
        }

        if (thinking.ValueKind != JsonValueKind.Object)
        {
            throw ZaiRequestException.Invalid("thinking", "it must be an object such as {\"type\":\"enabled\"}");
        }

        OptionalBool(thinking, "clear_thinking");
        if (!thinking.TryGetProperty("type", out var type) || type.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        return type.ValueKind == JsonValueKind.String && type.ValueEquals("enabled") ? true
            : type.ValueKind == JsonValueKind.String && type.ValueEquals("disabled") ? false
            : throw ZaiRequestException.Invalid("thinking.type", "it must be enabled or disabled");
    }

    private static void ReadUserId(JsonElement root)
    {
        // Z.AI documents user_id as 6 to 128 characters; a test server that accepted shorter ones would hide the bug.
        if (OptionalString(root, "user_id") is { Length: < 6 or > 128 })
        {
            throw ZaiRequestException.Invalid("user_id", "it must be 6 to 128 characters long");
        }
    }

    private static bool ReadResponseFormat(JsonElement root)
    {
        if (!root.TryGetProperty("response_format", out var format) || format.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (format.ValueKind == JsonValueKind.Object && format.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String)
        {
            if (type.ValueEquals("json_object"))
            {
                return true;
            }

            if (type.ValueEquals("text"))
            {
                return false;
            }
        }

        throw ZaiRequestException.Invalid("response_format", "its type must be text or json_object");
    }

    private JsonElement? ReadTool(JsonElement root)
    {
        var choice = root.TryGetProperty("tool_choice", out var c) ? c : default;
        var none = choice.ValueKind == JsonValueKind.String && choice.ValueEquals("none");
        if (choice.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.String or JsonValueKind.Object))
        {
            throw ZaiRequestException.Invalid("tool_choice", "it must be a string such as auto, or an object naming a function");
        }

        if (!root.TryGetProperty("tools", out var tools) || tools.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (tools.ValueKind != JsonValueKind.Array)
        {
            throw ZaiRequestException.Invalid("tools", "it must be an array");
        }

        var functions = new List<JsonElement>();
        foreach (var tool in tools.EnumerateArray())
        {
            if (tool.ValueKind != JsonValueKind.Object || !tool.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                throw ZaiRequestException.Invalid("tools", "each tool must be an object with a type");
            }

            if (type.ValueEquals("function"))
            {
                if (!tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
                    || !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                {
                    throw ZaiRequestException.Missing("tools.function.name");
                }

                functions.Add(function);
            }
        }

        // A fake model calls a tool whenever it may and has not just been given a tool's result; that gives every
        // tool-calling client a deterministic round trip: call, tool message, text answer.
        if (none || functions.Count == 0 || Messages[^1].Role == "tool")
        {
            return null;
        }

        if (choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty("function", out var wanted)
            && wanted.TryGetProperty("name", out var wantedName) && wantedName.ValueKind == JsonValueKind.String)
        {
            var match = functions.FirstOrDefault(f => f.GetProperty("name").ValueEquals(wantedName.GetString()));
            return match.ValueKind == JsonValueKind.Object
                ? match
                : throw ZaiRequestException.Invalid("tool_choice", $"no tool is named {wantedName.GetString()}");
        }

        return functions[0];
    }
}
