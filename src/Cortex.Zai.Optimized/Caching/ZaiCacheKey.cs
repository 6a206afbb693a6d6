using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Cortex.Zai.Optimized.Models;

namespace Cortex.Zai.Optimized.Caching;

/// <summary>
/// The cache key of a chat request: SHA-256 (lowercase hex) over a canonical form of every field that changes the
/// answer, the endpoint, the API-key fingerprint and <see cref="SchemaVersion"/>. Fields that do not change the answer
/// (request_id, user_id, stream, the cache controls) stay out, so a streamed and a non-streamed request share a key.
/// </summary>
internal static class ZaiCacheKey
{
    /// <summary>Bump when the canonical form or the stored entry format changes: older entries then simply stop matching.</summary>
    internal const string SchemaVersion = "cortex-zai-cache-v1";

    /// <summary>The fingerprint of a client without an API key.</summary>
    internal const string NoKeyFingerprint = "none";

    private const string FingerprintSalt = "cortex-zai-key:";

    // A thread keeps its buffer for the next key unless one huge conversation grew it past this.
    private const int MaxRetainedBufferBytes = 256 * 1024;
    private const int MaxStackUrlLength = 256;

    // Escaping only has to be deterministic: the text is hashed, never sent or displayed.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    [ThreadStatic]
    private static KeyBuffer? t_buffer;

    /// <summary>Computes the key of <paramref name="request"/> sent as <paramref name="model"/> to <paramref name="baseUrl"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="model">The model the request is sent with (the request's, or the client's default).</param>
    /// <param name="baseUrl">The API base URL; scheme and host case and trailing slashes do not matter.</param>
    /// <param name="apiKeyFingerprint">The <see cref="Fingerprint"/> of the API key.</param>
    /// <returns>64 lowercase hex characters.</returns>
    public static string Compute(ZaiCompletionRequest request, string model, string baseUrl, string apiKeyFingerprint)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(apiKeyFingerprint);

        var buffer = t_buffer ?? new KeyBuffer();
        t_buffer = null;
        try
        {
            var writer = buffer.Start();
            writer.WriteStartObject();
            writer.WriteString("v", SchemaVersion);
            WriteBaseUrl(writer, baseUrl);
            writer.WriteString("key", apiKeyFingerprint);
            writer.WriteString("model", model);
            WriteMessages(writer, request.Messages);
            WriteElement(writer, "tools", request.Tools);
            WriteElement(writer, "tool_choice", request.ToolChoice);
            WriteElement(writer, "response_format", request.ResponseFormat);
            WriteDouble(writer, "temperature", request.Temperature);
            WriteDouble(writer, "top_p", request.TopP);
            if (request.DoSample is { } doSample)
            {
                writer.WriteBoolean("do_sample", doSample);
            }

            if (request.MaxTokens is { } maxTokens)
            {
                writer.WriteNumber("max_tokens", maxTokens);
            }

            WriteStop(writer, request.Stop);
            WriteThinking(writer, request.Thinking);
            writer.WriteEndObject();
            writer.Flush();

            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.Written, hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            if (buffer.Capacity <= MaxRetainedBufferBytes)
            {
                t_buffer = buffer;
            }
            else
            {
                buffer.Dispose();
            }
        }
    }

    /// <summary>
    /// A short, one-way fingerprint of an API key, so that clients with different keys (different accounts) do not share
    /// cached answers. It cannot be turned back into the key.
    /// </summary>
    /// <param name="apiKey">The API key, or <see langword="null"/>.</param>
    /// <returns>The first 16 hex characters of SHA-256 over a salted key; <see cref="NoKeyFingerprint"/> without a key.</returns>
    public static string Fingerprint(string? apiKey)
    {
        if (string.IsNullOrEmpty(apiKey))
        {
            return NoKeyFingerprint;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(FingerprintSalt + apiKey), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }

    private static void WriteBaseUrl(Utf8JsonWriter writer, string baseUrl)
    {
        var url = baseUrl.AsSpan().Trim().TrimEnd('/');
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var authorityEnd = 0;
        if (schemeEnd >= 0)
        {
            var slash = url[(schemeEnd + 3)..].IndexOf('/');
            authorityEnd = slash < 0 ? url.Length : schemeEnd + 3 + slash;
        }

        char[]? rented = null;
        var normalized = url.Length <= MaxStackUrlLength
            ? stackalloc char[url.Length]
            : (rented = ArrayPool<char>.Shared.Rent(url.Length)).AsSpan(0, url.Length);
        url[..authorityEnd].ToLowerInvariant(normalized);
        url[authorityEnd..].CopyTo(normalized[authorityEnd..]);
        writer.WriteString("url", normalized);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static void WriteMessages(Utf8JsonWriter writer, IList<ZaiChatMessage>? messages)
    {
        writer.WriteStartArray("messages");
        if (messages is not null)
        {
            for (var i = 0; i < messages.Count; i++)
            {
                if (messages[i] is not { } message)
                {
                    writer.WriteNullValue();
                    continue;
                }

                writer.WriteStartObject();
                WriteString(writer, "role", message.Role);
                WriteString(writer, "content", message.Content);
                WriteString(writer, "reasoning_content", message.ReasoningContent);
                WriteToolCalls(writer, message.ToolCalls);
                WriteString(writer, "tool_call_id", message.ToolCallId);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteToolCalls(Utf8JsonWriter writer, IList<ZaiToolCall>? calls)
    {
        if (calls is null)
        {
            return;
        }

        // The streaming index is left out: it only orders deltas and does not reach the model.
        writer.WriteStartArray("tool_calls");
        for (var i = 0; i < calls.Count; i++)
        {
            if (calls[i] is not { } call)
            {
                writer.WriteNullValue();
                continue;
            }

            writer.WriteStartObject();
            WriteString(writer, "id", call.Id);
            WriteString(writer, "type", call.Type);
            WriteString(writer, "name", call.Function?.Name);
            WriteString(writer, "arguments", call.Function?.Arguments);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteStop(Utf8JsonWriter writer, IList<string>? stop)
    {
        if (stop is null)
        {
            return;
        }

        writer.WriteStartArray("stop");
        for (var i = 0; i < stop.Count; i++)
        {
            writer.WriteStringValue(stop[i]);
        }

        writer.WriteEndArray();
    }

    private static void WriteThinking(Utf8JsonWriter writer, ZaiThinking? thinking)
    {
        if (thinking is null)
        {
            return;
        }

        writer.WriteStartObject("thinking");
        WriteString(writer, "type", thinking.Type);
        if (thinking.ClearThinking is { } clear)
        {
            writer.WriteBoolean("clear_thinking", clear);
        }

        writer.WriteEndObject();
    }

    private static void WriteString(Utf8JsonWriter writer, string name, string? value)
    {
        // An absent field is left out rather than written as null; its name's absence is as unambiguous.
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is not { } number)
        {
            return;
        }

        if (double.IsFinite(number))
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            // JSON has no NaN or infinity; Z.AI will reject the request, but computing its key must not throw.
            writer.WriteString(name, number.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void WriteElement(Utf8JsonWriter writer, string name, JsonElement? element)
    {
        if (element is { ValueKind: not JsonValueKind.Undefined } value)
        {
            writer.WritePropertyName(name);
            WriteCanonical(writer, value);
        }
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteSortedObject(writer, element);
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Number:
                WriteCanonicalNumber(writer, element);
                break;
            default:
                // Strings are unescaped and escaped again by the writer, so "\u0041" and "A" come out the same.
                element.WriteTo(writer);
                break;
        }
    }

    private static void WriteSortedObject(Utf8JsonWriter writer, JsonElement element)
    {
        var count = element.GetPropertyCount();
        var names = ArrayPool<string>.Shared.Rent(count);
        var values = ArrayPool<JsonElement>.Shared.Rent(count);
        try
        {
            var i = 0;
            foreach (var property in element.EnumerateObject())
            {
                names[i] = property.Name;
                values[i] = property.Value;
                i++;
            }

            Array.Sort(names, values, 0, count, StringComparer.Ordinal);
            writer.WriteStartObject();
            for (i = 0; i < count; i++)
            {
                writer.WritePropertyName(names[i]);
                WriteCanonical(writer, values[i]);
            }

            writer.WriteEndObject();
        }
        finally
        {
            Array.Clear(names, 0, count);
            Array.Clear(values, 0, count);
            ArrayPool<string>.Shared.Return(names);
            ArrayPool<JsonElement>.Shared.Return(values);
        }
    }

    private static void WriteCanonicalNumber(Utf8JsonWriter writer, JsonElement element)
    {
        // 1, 1.0, 1e0 and -0 mean the same number; integral values are written as integers, others in shortest round-trip form.
        const double MaxExactInteger = 9_007_199_254_740_992d;
        if (element.TryGetInt64(out var integer))
        {
            writer.WriteNumberValue(integer);
        }
        else if (element.TryGetDouble(out var number) && double.IsFinite(number))
        {
            if (number == Math.Floor(number) && Math.Abs(number) <= MaxExactInteger)
            {
                writer.WriteNumberValue((long)number);
            }
            else
            {
                writer.WriteNumberValue(number);
            }
        }
        else
        {
            element.WriteTo(writer);
        }
    }

    private sealed class KeyBuffer : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(1024);
        private readonly Utf8JsonWriter _writer;

        public KeyBuffer() => _writer = new Utf8JsonWriter(_buffer, WriterOptions);

        public int Capacity => _buffer.Capacity;

        public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

        public Utf8JsonWriter Start()
        {
            _buffer.ResetWrittenCount();
            _writer.Reset(_buffer);
            return _writer;
        }

        public void Dispose() => _writer.Dispose();
    }
}
