using Cortex.Slo.Storage;
using HdrHistogram;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Slo.Tests.Storage;

public sealed class SliSeriesTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan[] Thresholds = [TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)];

    [Fact]
    public void Counts_ThreeMinutesOfMixedRequests_SumsCountsErrorsAndGoodBelow()
    {
        var series = new SliSeries("requests", Thresholds, TimeSpan.FromDays(7));
        var time = new FakeTimeProvider(Start);
        for (var minute = 0; minute < 3; minute++)
        {
            time.Advance(TimeSpan.FromSeconds(30));
            series.Record(TimeSpan.FromMilliseconds(50), success: true);
            series.Record(TimeSpan.FromMilliseconds(60), success: true);
            series.RecordSeconds(0.07, success: true);
            series.Record(TimeSpan.FromMilliseconds(500), success: false);
            series.RecordSeconds(2, success: true);
            series.Collect(time.GetUtcNow());
            time.Advance(TimeSpan.FromSeconds(30));
        }

        var counts = series.Counts(TimeSpan.FromMinutes(5), time.GetUtcNow());

        Assert.Equal(15, counts.Count);
        Assert.Equal(3, counts.Errors);
        Assert.Equal([9, 12], counts.GoodBelow);
        Assert.Equal(TimeSpan.FromMinutes(3), counts.Covered);
        Assert.Equal(Start, series.FirstDataAt);
    }

    [Fact]
    public void Counts_FiveMinuteWindow_ExcludesSixthMinuteBack()
    {
        var series = new SliSeries("requests", Thresholds, TimeSpan.FromDays(7));
        var time = new FakeTimeProvider(Start);

        // Minute i holds i + 1 requests, so the sum tells which minutes a window took.
        for (var minute = 0; minute <= 10; minute++)
        {
            for (var i = 0; i <= minute; i++)
            {
                series.Record(TimeSpan.FromMilliseconds(10), success: true);
            }

            series.Collect(time.GetUtcNow());
            time.Advance(TimeSpan.FromMinutes(1));
        }

        var atMinuteStart = Start.AddMinutes(10);
        var midMinute = atMinuteStart.AddSeconds(30);

        // (10:05, 10:10] overlaps minutes 10:05 to 10:10; 10:04, the sixth minute back, is out.
        Assert.Equal(6 + 7 + 8 + 9 + 10 + 11, series.Counts(TimeSpan.FromMinutes(5), atMinuteStart).Count);
        Assert.Equal(6 + 7 + 8 + 9 + 10 + 11, series.Counts(TimeSpan.FromMinutes(5), midMinute).Count);
        Assert.Equal(11, series.Counts(TimeSpan.FromSeconds(1), midMinute).Count);
        Assert.Equal(TimeSpan.FromMinutes(5), series.Counts(TimeSpan.FromMinutes(5), midMinute).Covered);
        Assert.Equal(TimeSpan.FromMinutes(10.5), series.Counts(TimeSpan.FromHours(1), midMinute).Covered);
    }

    [Fact]
    public void Counts_PastRetention_DropsOldBuckets()
    {
        var series = new SliSeries("requests", Thresholds, TimeSpan.FromHours(1));
        series.Record(TimeSpan.FromMilliseconds(10), success: false);
        series.Collect(Start);
        series.Record(TimeSpan.FromMilliseconds(10), success: true);
        series.Collect(Start.AddMinutes(59));

        Assert.Equal(2, series.Counts(TimeSpan.FromDays(1), Start.AddMinutes(59)).Count);

        series.Collect(Start.AddMinutes(60));

        var counts = series.Counts(TimeSpan.FromDays(1), Start.AddMinutes(60));
        Assert.Equal(1, counts.Count);
        Assert.Equal(0, counts.Errors);
        Assert.Equal(Start.AddMinutes(59), series.FirstDataAt);
    }

    [Fact]
    public void Histogram_ThreeHours_EqualsMergeOfRecordedValues()
    {
        var series = new SliSeries("requests", Thresholds, TimeSpan.FromDays(7));
        var expected = new LongHistogram(1, 3_600_000_000, 2);
        var lastHalfHour = new LongHistogram(1, 3_600_000_000, 2);
        var time = new FakeTimeProvider(Start);
        for (var minute = 0; minute < 180; minute++)
        {
            time.Advance(TimeSpan.FromSeconds(30));
            for (var i = 0; i < 20; i++)
            {
                // Latency drifts up over the three hours, with a slow tail every fifth request.
                var micros = 1_000 + (minute * 500) + (i % 5 == 0 ? 400_000 : i * 1_000);
                series.Record(TimeSpan.FromMicroseconds(micros), success: true);
                expected.RecordValue(micros);
                if (minute >= 150)
                {
                    lastHalfHour.RecordValue(micros);
                }
            }

            series.Collect(time.GetUtcNow());
            time.Advance(TimeSpan.FromSeconds(30));
        }

        var now = time.GetUtcNow().AddSeconds(-1);
        var threeHours = series.Histogram(TimeSpan.FromHours(3), now);
        var halfHour = series.Histogram(TimeSpan.FromMinutes(29.5), now);

        AssertSameDistribution(expected, threeHours);
        AssertSameDistribution(lastHalfHour, halfHour);
        Assert.Equal(
            [expected.GetValueAtPercentile(50) / 1000.0, expected.GetValueAtPercentile(99) / 1000.0],
            series.PercentilesMs(TimeSpan.FromHours(3), now, 50, 99));
    }

    [Fact]
    public void Histogram_SixHoursBack_UsesHourHistogramsWhereMinutesAreGone()
    {
        var series = new SliSeries("requests", Thresholds, TimeSpan.FromDays(7));
        for (var minute = 0; minute <= (7 * 60) + 50; minute++)
        {
            series.Record(TimeSpan.FromMilliseconds(minute + 1), success: true);
            series.Collect(Start.AddMinutes(minute));
        }

        // (11:50:30, 17:50:30]: hour 11 is more than 60 minutes back and only 10 minutes of it are in the window, so it
        // is left out; 12:00 to 17:50 is 351 minutes of one request each.
        var now = Start.AddHours(7).AddMinutes(50).AddSeconds(30);
        Assert.Equal(351, series.Histogram(TimeSpan.FromHours(6), now).TotalCount);
        Assert.Equal(351, series.Counts(TimeSpan.FromMinutes((6 * 60) - 10), now).Count);

        // (11:20:30, 17:50:30]: 40 minutes of hour 11 are in the window, so the whole hour is.
        Assert.Equal(60 + 351, series.Histogram(TimeSpan.FromMinutes((6 * 60) + 30), now).TotalCount);
    }

    [Fact]
    public void Points_MinutesAndHours_CarryCountsAndPercentiles()
    {
        var series = new SliSeries("requests", Thresholds, TimeSpan.FromDays(7));
        for (var minute = 0; minute < 150; minute++)
        {
            series.Record(TimeSpan.FromMilliseconds(100), success: true);
            series.Record(TimeSpan.FromMilliseconds(100), success: minute % 2 == 0);
            series.Collect(Start.AddMinutes(minute));
        }

        var now = Start.AddMinutes(149);
        var minutes = series.Points(Start, now, TimeSpan.FromMinutes(1));
        var hours = series.Points(Start, now, TimeSpan.FromHours(1));

        Assert.Equal(150, minutes.Count);
        Assert.All(minutes, p => Assert.Equal(2, p.Count));
        Assert.Equal(75, minutes.Sum(p => p.Errors));

        // The first minute's histogram is long gone; its percentiles were kept when it closed.
        Assert.Equal(Start, minutes[0].Start);
        Assert.InRange(minutes[0].P95Ms, 99, 101);
        Assert.InRange(minutes[^1].P99Ms, 99, 101);

        Assert.Equal([Start, Start.AddHours(1), Start.AddHours(2)], hours.Select(p => p.Start));
        Assert.Equal([120, 120, 60], hours.Select(p => p.Count));
        Assert.All(hours, p => Assert.InRange(p.P50Ms, 99, 101));
    }

    [Fact]
    public void EstimatedBytes_EightDaysWithSevenDayRetention_StaysUnderBoundAndStopsGrowing()
    {
        TimeSpan[] thresholds = [TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];
        var retention = TimeSpan.FromDays(7);
        var series = new SliSeries("requests", thresholds, retention);
        var bound = SliSeries.MemoryBound(retention, thresholds.Length);
        var sevenDays = 0L;
        for (var minute = 0; minute < 8 * 24 * 60; minute++)
        {
            for (var i = 0; i < 5; i++)
            {
                // A spread that touches many buckets, as real traffic does.
                series.Record(TimeSpan.FromMicroseconds(100 + (((minute * 7919) + (i * 104_729)) % 3_000_000)), success: i != 0);
            }

            series.Collect(Start.AddMinutes(minute));
            if (minute % 60 == 59)
            {
                Assert.InRange(series.EstimatedBytes, 0, bound);
            }

            if (minute == 7 * 24 * 60)
            {
                sevenDays = series.EstimatedBytes;
            }
        }

        Assert.Equal(sevenDays, series.EstimatedBytes);
        Assert.InRange(bound, 0, 4_000_000); // the "≈ 3.9 MB a series" the class documents
        Assert.Equal(7 * 24 * 60 * 5, series.Counts(TimeSpan.FromDays(30), Start.AddMinutes((8 * 24 * 60) - 1)).Count);
    }

    [Fact]
    public void EstimatedBytes_ThirtyDaysWithTheDefaultWindows_StaysUnderTwoMegabytesAndKeepsTheWindow()
    {
        // The monitor's defaults: 7-day retention, 30-day SLO window, four latency thresholds.
        TimeSpan[] thresholds = [TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];
        var series = new SliSeries("requests", thresholds, TimeSpan.FromDays(7), TimeSpan.FromDays(30));
        const int Minutes = 31 * 24 * 60;
        for (var minute = 0; minute < Minutes; minute++)
        {
            for (var i = 0; i < 3; i++)
            {
                series.Record(TimeSpan.FromMicroseconds(100 + (((minute * 7919) + (i * 104_729)) % 3_000_000)), success: i != 0 || minute % 2 == 0);
            }

            series.Collect(Start.AddMinutes(minute));
        }

        var now = Start.AddMinutes(Minutes - 1);
        Assert.InRange(series.EstimatedBytes, 0, 2_000_000);
        Assert.InRange(SliSeries.MemoryBound(TimeSpan.FromDays(7), thresholds.Length, TimeSpan.FromDays(30)), 0, 2_000_000);

        // The whole 30 days still count, and a 20-day-old week still has its percentiles.
        var month = series.Counts(TimeSpan.FromDays(30), now);
        Assert.Equal(30 * 24 * 60 * 3, month.Count);
        Assert.Equal(30 * 24 * 60 / 2, month.Errors);
        // A week's histogram: day histograms beyond the hour ones, the partial oldest day counted whole or not at all.
        var week = series.Histogram(TimeSpan.FromDays(7), now);
        Assert.InRange(week.TotalCount, 6.5 * 24 * 60 * 3, 7.5 * 24 * 60 * 3);
        var hours = series.Points(now.AddDays(-25), now.AddDays(-24), TimeSpan.FromHours(1));
        Assert.NotEmpty(hours);
        Assert.All(hours, p => Assert.True(p.P95Ms > 0, $"the hour at {p.Start} has no p95"));
    }

    [Fact]
    public async Task Record_TwoConcurrentWriters_CountsExactly()
    {
        var series = new SliSeries("requests", Thresholds, TimeSpan.FromDays(7));
        const int PerWriter = 200_000;
        using var start = new Barrier(3);
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(
            () =>
            {
                start.SignalAndWait(TestContext.Current.CancellationToken);
                for (var i = 0; i < PerWriter; i++)
                {
                    series.Record(TimeSpan.FromMilliseconds(1 + (i % 200)), success: i % 4 != 0);
                }
            },
            TestContext.Current.CancellationToken)).ToArray();

        // Collects race the writers: nothing is lost or counted twice across intervals.
        start.SignalAndWait(TestContext.Current.CancellationToken);
        var minute = 0;
        while (!writers.All(w => w.IsCompleted))
        {
            series.Collect(Start.AddMinutes(minute++ % 30));
        }

        await Task.WhenAll(writers);
        series.Collect(Start.AddMinutes(30));

        var counts = series.Counts(TimeSpan.FromHours(1), Start.AddMinutes(30));
        Assert.Equal(2 * PerWriter, counts.Count);
        Assert.Equal(2 * PerWriter / 4, counts.Errors);
        Assert.Equal(2 * PerWriter / 2, counts.GoodBelow[0]);
    }

    [Fact]
    public void Record_AfterWarmUp_AllocatesNothing()
    {
        var series = new SliSeries("requests", Thresholds, TimeSpan.FromDays(7));
        series.Record(TimeSpan.FromMilliseconds(1), success: false);
        series.RecordSeconds(0.001, success: true);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            series.Record(TimeSpan.FromMilliseconds(i % 500), success: i % 10 != 0);
            series.RecordSeconds(i / 1000.0, success: true);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void AssertSameDistribution(HistogramBase expected, HistogramBase actual)
    {
        Assert.Equal(expected.TotalCount, actual.TotalCount);
        foreach (var percentile in new[] { 0.0, 50, 90, 95, 99, 99.9, 100 })
        {
            Assert.Equal(expected.GetValueAtPercentile(percentile), actual.GetValueAtPercentile(percentile));
        }
    }
}
