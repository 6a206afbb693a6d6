using System.Buffers;
using System.IO.Compression;
using System.Text.Json;
using Cortex.Zai.Optimized.Models;

namespace Cortex.Zai.Optimized.Caching;

/// <summary>The bytes of a Redis cache entry: one format byte, then the completion's JSON, plain or gzip-compressed.</summary>
internal static class ZaiCacheEntryFormat
{
    /// <summary>The format byte of an entry holding plain UTF-8 JSON.</summary>
    public const byte Json = 1;

    /// <summary>The format byte of an entry holding gzip-compressed UTF-8 JSON.</summary>
    public const byte GzipJson = 2;

    /// <summary>Encodes <paramref name="completion"/>, compressed when its JSON is longer than <paramref name="compressionThreshold"/> bytes.</summary>
    /// <param name="completion">The completion.</param>
    /// <param name="compressionThreshold">The JSON length above which the entry is compressed.</param>
    /// <param name="compressed">Set to whether the entry was compressed.</param>
    /// <returns>The entry's bytes.</returns>
    public static ReadOnlyMemory<byte> Encode(ZaiCompletion completion, int compressionThreshold, out bool compressed)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        buffer.GetSpan(1)[0] = Json;
        buffer.Advance(1);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(writer, completion, ZaiCacheJsonContext.Default.ZaiCompletion);
        }

        var json = buffer.WrittenSpan[1..];
        compressed = json.Length > compressionThreshold;
        if (!compressed)
        {
            return buffer.WrittenMemory;
        }

        using var output = new MemoryStream((json.Length / 4) + 32);
        output.WriteByte(GzipJson);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return output.GetBuffer().AsMemory(0, (int)output.Length);
    }

    /// <summary>Decodes an entry written by <see cref="Encode"/>.</summary>
    /// <param name="entry">The entry's bytes.</param>
    /// <returns>The completion.</returns>
    /// <exception cref="InvalidDataException">The entry is empty, has an unknown format byte, or does not hold a completion.</exception>
    public static ZaiCompletion Decode(byte[] entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Length == 0)
        {
            throw new InvalidDataException("The cache entry is empty.");
        }

        ZaiCompletion? completion;
        try
        {
            switch (entry[0])
            {
                case Json:
                    completion = JsonSerializer.Deserialize(entry.AsSpan(1), ZaiCacheJsonContext.Default.ZaiCompletion);
                    break;
                case GzipJson:
                    using (var gzip = new GZipStream(new MemoryStream(entry, 1, entry.Length - 1, writable: false), CompressionMode.Decompress))
                    {
                        completion = JsonSerializer.Deserialize(gzip, ZaiCacheJsonContext.Default.ZaiCompletion);
                    }

                    break;
                default:
                    throw new InvalidDataException($"The cache entry has the unknown format byte {entry[0]}; expected {Json} (JSON) or {GzipJson} (gzip JSON).");
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("The cache entry is not a completion's JSON.", ex);
        }

        if (completion is not { Choices: not null })
        {
            throw new InvalidDataException("The cache entry holds no completion.");
        }

        completion.MakeReadOnly();
        return completion;
    }
}
