using Cortex.LoadTesting.Internal;
using HdrHistogram;

namespace Cortex.LoadTesting.Tests.Internal;

public class HistogramCodecTests
{
    [Fact]
    public void Decode_EncodedHistogram_SameCounts()
    {
        var histogram = HistogramCodec.Create();
        foreach (var micros in new long[] { 1, 950, 10_000, 10_000, 123_456, 3_600_000_000 })
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
    public void Encode_Empty_IsNullAndDecodesEmpty()
    {
        Assert.Null(HistogramCodec.Encode(HistogramCodec.Create()));
        Assert.Equal(0, HistogramCodec.Decode(null).TotalCount);
    }
}
