using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cortex.Production.Internal;

/// <summary>Writes a <see cref="TimeSpan"/> as its milliseconds; reads milliseconds or a TimeSpan string (house rule 11).</summary>
internal sealed class MillisecondsJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => TimeSpan.FromMilliseconds(reader.GetDouble()),
        JsonTokenType.String when TimeSpan.TryParse(reader.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var value) => value,
        _ => throw new JsonException($"Expected a duration in milliseconds or a TimeSpan string, found {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(Math.Round(value.TotalMilliseconds, 3));
    }
}
