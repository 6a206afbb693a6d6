using Cortex.Slo.Evaluation;
using Cortex.Slo.Status;

namespace Cortex.Slo.Tests.Evaluation;

public sealed class AnomalyDetectorTests
{
    private const string Series = "requests";
    private const string Latency = "latency_p95";
    private const string ErrorRate = "error_rate";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Minute(int i) => Start.AddMinutes(i);

    /// <summary>p95 latency around 100 ms with log-normal noise (σ = 0.1 in log space), then <paramref name="shifted"/> points at <paramref name="factor"/>×.</summary>
    private static List<double> LatencyNoise(int seed, int points, int shifted = 0, double factor = 5)
    {
        var noise = new Gaussian(seed);
        return [.. Enumerable.Range(0, points + shifted).Select(i => 100 * (i < points ? 1 : factor) * Math.Exp(0.1 * noise.Next()))];
    }

    private static List<(int Index, Anomaly Anomaly)> Feed(AnomalyDetector detector, List<double> values, string metric = Latency, int offset = 0)
    {
        var found = new List<(int, Anomaly)>();
        for (var i = 0; i < values.Count; i++)
        {
            if (detector.Observe(Series, metric, Minute(offset + i), values[i]) is { } anomaly)
            {
                found.Add((offset + i, anomaly));
            }
        }

        return found;
    }

    [Fact]
    public void Observe_GaussianLatencyNoise_FlagsNothing()
    {
        foreach (var seed in Enumerable.Range(1, 20))
        {
            foreach (var method in new[] { AnomalyMethod.MedianAbsoluteDeviation, AnomalyMethod.Ewma })
            {
                var detector = new AnomalyDetector(new AnomalyOptions { Method = method });

                var found = Feed(detector, LatencyNoise(seed, 200));

                Assert.True(found.Count == 0, $"seed {seed}, {method}: flagged at minute {found.FirstOrDefault().Index}");
            }
        }
    }

    [Fact]
    public void Observe_FiveTimesLatencyShiftAfterWarmup_FlaggedOnceWithinConsecutivePoints()
    {
        var options = new AnomalyOptions();
        foreach (var seed in Enumerable.Range(1, 20))
        {
            var detector = new AnomalyDetector(options);

            var found = Feed(detector, LatencyNoise(seed, 100, shifted: 100));

            var (index, anomaly) = Assert.Single(found);
            Assert.Equal(100 + options.ConsecutivePoints - 1, index);
            Assert.Equal(Series, anomaly.Series);
            Assert.Equal(Latency, anomaly.Metric);
            Assert.Equal(Minute(index), anomaly.DetectedAt);
            Assert.InRange(anomaly.Value, 350, 700);
            Assert.InRange(anomaly.Baseline, 95, 105);
            Assert.True(anomaly.Score > options.Threshold, $"seed {seed}: score {anomaly.Score}");
            Assert.Equal("mad", anomaly.Method);
        }
    }

    [Fact]
    public void Observe_EwmaMethodAndLatencyShift_Flagged()
    {
        var options = new AnomalyOptions { Method = AnomalyMethod.Ewma };
        var detector = new AnomalyDetector(options);

        var found = Feed(detector, LatencyNoise(7, 100, shifted: 30));

        var (index, anomaly) = Assert.Single(found);
        Assert.Equal(100 + options.ConsecutivePoints - 1, index);
        Assert.Equal("ewma", anomaly.Method);
        Assert.InRange(anomaly.Baseline, 95, 105);
    }

    [Fact]
    public void Observe_ShiftBeforeWarmupCompletes_NeverFlagged()
    {
        var options = new AnomalyOptions();
        var detector = new AnomalyDetector(options);

        var found = Feed(detector, LatencyNoise(3, options.WarmupPoints - 5, shifted: 4, factor: 10));

        Assert.Empty(found);
    }

    [Fact]
    public void Observe_FewerThanWarmupPoints_NeverFlagged()
    {
        var options = new AnomalyOptions();
        var detector = new AnomalyDetector(options);
        var values = Enumerable.Range(0, options.WarmupPoints).Select(i => i < options.WarmupPoints / 2 ? 1.0 : 10_000.0).ToList();

        Assert.Empty(Feed(detector, values));
    }

    [Fact]
    public void Observe_ErrorRateJumpsFromNoiseToTwentyPercent_Flagged()
    {
        var noise = new Gaussian(11);
        var values = Enumerable.Range(0, 120).Select(_ => Math.Max(0, 0.001 + (0.0003 * noise.Next()))).Concat(Enumerable.Repeat(0.2, 5)).ToList();
        var detector = new AnomalyDetector(new AnomalyOptions());

        var found = Feed(detector, values, ErrorRate);

        var (index, anomaly) = Assert.Single(found);
        Assert.Equal(122, index);
        Assert.Equal(0.2, anomaly.Value);
        Assert.InRange(anomaly.Baseline, 0.0005, 0.0015);
        Assert.Equal(ErrorRate, anomaly.Metric);
    }

    [Fact]
    public void Observe_FlatZeroErrorRateWithSmallBlip_NotFlagged()
    {
        // A MAD of 0 would make any blip infinitely many deviations away; the 0.005 floor keeps 1 % from counting.
        var values = Enumerable.Repeat(0.0, 60).Concat(Enumerable.Repeat(0.01, 5)).Concat(Enumerable.Repeat(0.0, 5)).ToList();
        var detector = new AnomalyDetector(new AnomalyOptions());

        Assert.Empty(Feed(detector, values, ErrorRate));
    }

    [Fact]
    public void Observe_TwoPointSpike_NotFlagged()
    {
        var values = LatencyNoise(5, 100);
        values[60] = values[61] = 1_000;
        var detector = new AnomalyDetector(new AnomalyOptions());

        Assert.Empty(Feed(detector, values));
    }

    [Fact]
    public void Observe_LatencyDrop_NotFlagged()
    {
        var detector = new AnomalyDetector(new AnomalyOptions());

        Assert.Empty(Feed(detector, LatencyNoise(9, 100, shifted: 20, factor: 0.1)));
    }

    [Fact]
    public void Observe_SecondEpisodeAfterRecovery_FlaggedAgain()
    {
        var values = LatencyNoise(13, 200);
        for (var i = 0; i < 10; i++)
        {
            values[100 + i] *= 5;
            values[150 + i] *= 5;
        }

        var detector = new AnomalyDetector(new AnomalyOptions());

        var found = Feed(detector, values);

        Assert.Equal([102, 152], found.Select(f => f.Index));
        Assert.All(found, f => Assert.InRange(f.Anomaly.Baseline, 95, 105));
    }

    [Fact]
    public void Observe_SustainedShift_FlaggedOnceThenTakenInAsTheNewLevel()
    {
        var options = new AnomalyOptions();
        var detector = new AnomalyDetector(options);

        var found = Feed(detector, LatencyNoise(17, 150, shifted: 400));

        Assert.Single(found);
    }

    [Fact]
    public void Observe_NonPositiveAndNonFiniteLatency_Skipped()
    {
        var values = LatencyNoise(19, 100);
        var detector = new AnomalyDetector(new AnomalyOptions());
        Feed(detector, values);

        var at = Minute(100);
        Assert.Null(detector.Observe(Series, Latency, at, 0));
        Assert.Null(detector.Observe(Series, Latency, at, -5));
        Assert.Null(detector.Observe(Series, Latency, at, double.NaN));
        Assert.Null(detector.Observe(Series, Latency, at, double.PositiveInfinity));
        var found = Feed(detector, [500, 500, 500], offset: 101);

        Assert.Equal(103, Assert.Single(found).Index);
    }

    [Fact]
    public void Observe_SeriesAndMetrics_KeepSeparateStates()
    {
        var detector = new AnomalyDetector(new AnomalyOptions());
        var values = LatencyNoise(23, 100);
        Feed(detector, values);

        // Another series has no baseline yet, so the same shift is not an anomaly there.
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(detector.Observe("qdrant", Latency, Minute(100 + i), 500));
        }
    }

    [Fact]
    public void Observe_Disabled_FlagsNothing()
    {
        var detector = new AnomalyDetector(new AnomalyOptions { Enabled = false });

        Assert.Empty(Feed(detector, LatencyNoise(29, 100, shifted: 20)));
    }

    /// <summary>Three days of minute points around 100 ms with a daily 3× peak from 12:00 to 13:00.</summary>
    private static List<double> DailyPeaks(int seed, int days)
    {
        var noise = new Gaussian(seed);
        return [.. Enumerable.Range(0, days * 1440).Select(i => 100 * (i % 1440 is >= 720 and < 780 ? 3 : 1) * Math.Exp(0.1 * noise.Next()))];
    }

    [Fact]
    public void Observe_DailyPeakWithSeasonalBaseline_ThirdDaysPeakNotFlagged()
    {
        var values = DailyPeaks(31, 3);
        var seasonal = new AnomalyDetector(new AnomalyOptions());
        var plain = new AnomalyDetector(new AnomalyOptions { SeasonalAfter = TimeSpan.Zero });

        var seasonalFound = Feed(seasonal, values);
        var plainFound = Feed(plain, values);

        // Before two days of history both flag the peak; on the third day only the one without a seasonal baseline does.
        Assert.Equal([722, 1440 + 722], seasonalFound.Select(f => f.Index));
        Assert.Equal([722, 1440 + 722, 2880 + 722], plainFound.Select(f => f.Index));
        Assert.All(plainFound, f => Assert.Equal("mad", f.Anomaly.Method));
    }

    [Fact]
    public void Observe_ShiftOnSeasonalBaseline_FlaggedAsSeasonal()
    {
        var values = DailyPeaks(37, 3);
        for (var i = 2880 + 300; i < 2880 + 310; i++)
        {
            values[i] *= 5;
        }

        var detector = new AnomalyDetector(new AnomalyOptions());

        var found = Feed(detector, values);

        var third = Assert.Single(found, f => f.Index >= 2880);
        Assert.Equal(2880 + 302, third.Index);
        Assert.Equal("mad+seasonal", third.Anomaly.Method);
        Assert.InRange(third.Anomaly.Baseline, 95, 105);
    }

    [Fact]
    public void HistoryCapacity_SeasonalOnOrOff_BoundedBySeasonalAfterPlusADayOrTheBaseline()
    {
        Assert.Equal(3 * 1440, AnomalyDetector.HistoryCapacity(new AnomalyOptions()));
        Assert.Equal(120, AnomalyDetector.HistoryCapacity(new AnomalyOptions { SeasonalAfter = TimeSpan.Zero }));
    }
}
