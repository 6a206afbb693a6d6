using HdrHistogram;
using HdrHistogram.Utilities;

namespace Cortex.Internal;

/// <summary>
/// HdrHistogram's compressed V2 encoding in base64, which any HdrHistogram implementation can decode. Compiled into
/// each package that stores histograms as text (linked source), so no package depends on another for it.
/// </summary>
internal static class HistogramBase64
{
    /// <summary>Encodes the histogram; <see langword="null"/> when it holds no values.</summary>
    public static string? Encode(HistogramBase histogram)
    {
        if (histogram.TotalCount == 0)
        {
            return null;
        }

        // ByteBuffer.Allocate(byte[]) copies the array instead of wrapping it, and ByteBuffer has no bulk read:
        // the encoded bytes are read back one at a time.
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var length = histogram.EncodeIntoCompressedByteBuffer(buffer);
        var bytes = new byte[length];
        buffer.Position = 0;
        for (var i = 0; i < length; i++)
        {
            bytes[i] = buffer.Get();
        }

        return Convert.ToBase64String(bytes);
    }

    /// <summary>Decodes a histogram <see cref="Encode"/> wrote; throws <see cref="FormatException"/> (bad base64) or what HdrHistogram throws on a bad payload.</summary>
    public static HistogramBase Decode(string encoded, long highestTrackableValue) =>
        HistogramEncoding.DecodeFromCompressedByteBuffer(ByteBuffer.Allocate(Convert.FromBase64String(encoded)), highestTrackableValue);
}
