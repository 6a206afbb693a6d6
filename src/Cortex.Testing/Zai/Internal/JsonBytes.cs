using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Cortex.Testing.Zai.Internal;

/// <summary>Writes a JSON object with a <see cref="Utf8JsonWriter"/>: no reflection, no intermediate DOM, fast under load tests.</summary>
internal static class JsonBytes
{
    /// <summary>Writes one object; <paramref name="writeProperties"/> writes what goes between its braces.</summary>
    public static byte[] Object(Action<Utf8JsonWriter> writeProperties) => Write(writeProperties).WrittenSpan.ToArray();

    /// <summary>The same as <see cref="Object"/>, as text.</summary>
    public static string ObjectText(Action<Utf8JsonWriter> writeProperties) => Encoding.UTF8.GetString(Write(writeProperties).WrittenSpan);

    private static ArrayBufferWriter<byte> Write(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            writeProperties(json);
            json.WriteEndObject();
        }

        return buffer;
    }
}
