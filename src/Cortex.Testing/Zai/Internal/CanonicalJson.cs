using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Cortex.Testing.Zai.Internal;

/// <summary>
/// Writes JSON with object keys sorted and no whitespace, so two bodies that mean the same thing hash the same however
/// a client formatted or ordered them. That is what makes body-hash counters useful for asserting deduplication.
/// </summary>
internal static class CanonicalJson
{
    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Hashes <paramref name="body"/> as canonical JSON, or as raw bytes when it is not JSON.</summary>
    public static string HashBody(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            return Sha256Hex(Canonicalize(document.RootElement));
        }
        catch (JsonException)
        {
            return Sha256Hex(body);
        }
    }

    /// <summary>The canonical bytes of <paramref name="element"/>, skipping top-level keys in <paramref name="skipKeys"/>.</summary>
    public static byte[] Canonicalize(JsonElement element, IReadOnlySet<string>? skipKeys = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, element, skipKeys);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element, IReadOnlySet<string>? skipKeys)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    if (skipKeys is not null && skipKeys.Contains(property.Name))
                    {
                        continue;
                    }

                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value, null);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item, null);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
