using Cortex.LoadTesting.Internal;
using HdrHistogram;

namespace Cortex.LoadTesting.Tests.Internal;

public sealed class HistogramCodecRoundTripTests
{
    [Fact]
    public void Decode_EncodedHistogram_GivesBackTheSameCounts()
    {
        var histogram = HistogramCodec.Create();
        foreach (var micros in new long[] { 1, 950, 1_000, 12_345, 250_000, 3_600_000_000 })
        {
            histogram.RecordValue(micros);
        }

        var decoded = HistogramCodec.Decode(HistogramCodec.Encode(histogram));

        Assert.Equal(histogram.TotalCount, decoded.TotalCount);
        Assert.Equal(histogram.GetMaxValue(), decoded.GetMaxValue());
        Assert.Equal(histogram.GetValueAtPercentile(50), decoded.GetValueAtPercentile(50));
        Assert.Equal(histogram.GetMean(), decoded.GetMean());
    }

    [Fact]
    public void Encode_EmptyHistogram_IsNullAndDecodesEmpty()
    {
        Assert.Null(HistogramCodec.Encode(HistogramCodec.Create()));
        Assert.Equal(0, HistogramCodec.Decode(null).TotalCount);
    }
}
