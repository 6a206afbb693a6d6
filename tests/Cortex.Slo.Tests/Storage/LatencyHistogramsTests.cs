using Cortex.Slo.Storage;
using HdrHistogram;

namespace Cortex.Slo.Tests.Storage;

public sealed class LatencyHistogramsTests
{
    [Fact]
    public void IndexOf_EveryBucketBoundary_MatchesHdrHistogramLayout()
    {
        var probe = new LongHistogram(LatencyHistograms.Lowest, LatencyHistograms.Highest, LatencyHistograms.Digits);
        for (var i = 1; i < LatencyHistograms.Buckets; i++)
        {
            var lowest = LatencyHistograms.LowestOf(i);
            Assert.Equal(i, LatencyHistograms.IndexOf(lowest));
            Assert.Equal(i - 1, LatencyHistograms.IndexOf(lowest - 1));
            Assert.Equal(probe.HighestEquivalentValue(lowest), LatencyHistograms.HighestOf(i));
        }

        Assert.Equal(LatencyHistograms.Buckets - 1, LatencyHistograms.IndexOf(LatencyHistograms.Highest));
    }

    [Fact]
    public void ValueAtPercentile_RandomValues_EqualsHdrHistogram()
    {
        var random = new Random(42);
        var reference = LatencyHistograms.CreateMerged();
        var counts = new long[LatencyHistograms.Buckets];
        for (var i = 0; i < 10_000; i++)
        {
            var micros = LatencyHistograms.ToMicros(TimeSpan.FromMilliseconds(Math.Exp(random.NextDouble() * 10)));
            reference.RecordValue(micros);
            counts[LatencyHistograms.IndexOf(micros)]++;
        }

        var rebuilt = LatencyHistograms.ToHistogram(counts);
        foreach (var percentile in new[] { 0, 1, 50, 90, 95, 99, 99.9, 100 })
        {
            Assert.Equal(reference.GetValueAtPercentile(percentile), LatencyHistograms.ValueAtPercentile(counts, reference.TotalCount, percentile));
            Assert.Equal(reference.GetValueAtPercentile(percentile), rebuilt.GetValueAtPercentile(percentile));
        }

        Assert.Equal(counts, LatencyHistograms.ReadCounts(reference));
    }

    [Theory]
    [InlineData(double.NaN, 1)]
    [InlineData(-1, 1)]
    [InlineData(0.25, 250_000)]
    [InlineData(7200, 3_600_000_000)]
    public void ToMicros_Seconds_ClampsToTheHistogramRange(double seconds, long expected) =>
        Assert.Equal(expected, LatencyHistograms.ToMicros(seconds));
}
