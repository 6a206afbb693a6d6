using Cortex.LoadTesting.Endurance;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Tests.Support;
using Cortex.LoadTesting.Endurance.Internal;
using Cortex.LoadTesting.Internal;

namespace Cortex.LoadTesting.Tests.Endurance;

public sealed class EnduranceAnalyzerTests
{
    private const double Mib = 1024 * 1024;
    private static readonly TargetMonitorOptions Monitor = new() { ProcessId = 1, MaxGrowthPerMinute = 10 * Mib };

    [Fact]
    public void Analyze_SteadyGrowthAboveAllowed_LeakWithTightInterval()
    {
        // 60 MiB/min for two minutes, with a ±1 MiB sawtooth as a GC would draw.
        var samples = Series(120, t => (200 * Mib) + (t * Mib) + ((t % 3) - 1) * Mib);

        var e = EnduranceAnalyzer.Analyze(samples, [], Monitor, TimeSpan.FromSeconds(20));

        Assert.Equal(LeakVerdict.Leak, e.Verdict);
        Assert.Equal(LeakVerdict.Leak, e.WorkingSet!.Verdict);
        Assert.InRange(e.WorkingSet.SlopePerMinute / Mib, 59, 61);
        Assert.True(e.WorkingSet.SlopeLowPerMinute < e.WorkingSet.SlopePerMinute && e.WorkingSet.SlopePerMinute < e.WorkingSet.SlopeHighPerMinute);
        Assert.True(e.WorkingSet.RSquared > 0.99, e.WorkingSet.RSquared.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(100, e.WorkingSet.Samples);
        Assert.StartsWith("working set +", e.Reason, StringComparison.Ordinal);
        Assert.False(e.FailsRun);
    }

    [Fact]
    public void Analyze_GrowthOnlyDuringWarmUp_NoLeak()
    {
        // Caches fill during the first 30 s (+100 MiB), then nothing moves but the sawtooth.
        var samples = Series(120, t => (200 * Mib) + (Math.Min(t, 30) * 100 * Mib / 30) + ((t % 2) * Mib));

        var e = EnduranceAnalyzer.Analyze(samples, [], Monitor, TimeSpan.FromSeconds(30));

        Assert.Equal(LeakVerdict.NoLeak, e.Verdict);
        Assert.True(e.WorkingSet!.SlopeHighPerMinute <= 10 * Mib);
        Assert.Equal(TimeSpan.FromSeconds(30), e.WarmUp);
    }

    [Fact]
    public void Analyze_GrowthAboveAllowedButNoise_Inconclusive()
    {
        // ±40 MiB swings that a 20 MiB/min trend does not explain.
        var samples = Series(60, t => (300 * Mib) + (t * Mib / 3) + ((t % 2 == 0 ? 40 : -40) * Mib));

        var e = EnduranceAnalyzer.Analyze(samples, [], new TargetMonitorOptions { ProcessId = 1, MaxGrowthPerMinute = 10 * Mib, MinRSquared = 0.6 }, TimeSpan.Zero);

        Assert.Equal(LeakVerdict.Inconclusive, e.Verdict);
        Assert.True(e.WorkingSet!.RSquared < 0.6);
        Assert.Contains("too irregular", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_AnyFigureLeaks_VerdictLeakAndFailOnLeakFailsTheRun()
    {
        var samples = Series(60, t => 100 * Mib) // flat working set
            .Select((s, i) => s with { GcHeapBytes = (50 * Mib) + (i * Mib) }) // a 60 MiB/min managed leak
            .ToList();

        var e = EnduranceAnalyzer.Analyze(samples, [], new TargetMonitorOptions { ProcessId = 1, MaxGrowthPerMinute = 10 * Mib, FailOnLeak = true }, TimeSpan.Zero);

        Assert.Equal(LeakVerdict.NoLeak, e.WorkingSet!.Verdict);
        Assert.Equal(LeakVerdict.Leak, e.GcHeap!.Verdict);
        Assert.Equal(LeakVerdict.Leak, e.Verdict);
        Assert.True(e.FailsRun);
        Assert.StartsWith("GC heap +", e.Reason, StringComparison.Ordinal);

        var result = SampleResults.Single(SampleResults.Spread(100, 1, 10)) with { Endurance = e };
        Assert.True(result.Thresholds.All(t => t.Passed));
        Assert.False(result.Passed);
    }

    [Fact]
    public void Analyze_TooFewSamplesAfterWarmUp_Inconclusive()
    {
        var e = EnduranceAnalyzer.Analyze(Series(10, t => t * 100 * Mib), [], Monitor, TimeSpan.FromSeconds(7));

        Assert.Equal(LeakVerdict.Inconclusive, e.Verdict);
        Assert.Contains("only 3 samples", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_NoMemoryFigure_InconclusiveSayingWhy()
    {
        var samples = Series(20, _ => 0).Select(s => s with { WorkingSetBytes = null, CpuCores = 0.5 }).ToList();

        var e = EnduranceAnalyzer.Analyze(samples, [], Monitor, TimeSpan.Zero);

        Assert.Equal(LeakVerdict.Inconclusive, e.Verdict);
        Assert.Null(e.WorkingSet);
        Assert.Equal(0.5, e.MeanCpuCores);
        Assert.Contains("no memory figure", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_LatencyRisesLate_DriftFromTheFirstAndLastThirdsHistograms()
    {
        var timeline = Enumerable.Range(1, 9).Select(i => Point(i, i <= 3 ? 10 : i <= 6 ? 15 : 30)).ToList();

        var e = EnduranceAnalyzer.Analyze(Series(12, _ => Mib), timeline, Monitor, TimeSpan.Zero);

        Assert.NotNull(e.LatencyDrift);
        Assert.InRange(e.LatencyDrift!.EarlyP95, 9.9, 10.1);
        Assert.InRange(e.LatencyDrift.LateP95, 29.8, 30.2);
        Assert.InRange(e.LatencyDrift.Change, 1.95, 2.05);
    }

    [Theory]
    [InlineData(1, 12.706)]
    [InlineData(3, 3.182)]
    [InlineData(5, 2.571)]
    [InlineData(10, 2.228)]
    [InlineData(30, 2.042)]
    [InlineData(31, 2.040)]
    [InlineData(60, 2.000)]
    [InlineData(1000, 1.962)]
    public void StudentT975_MatchesTheTable(int df, double expected) =>
        Assert.InRange(EnduranceAnalyzer.StudentT975(df), expected * 0.995, expected * 1.005);

    /// <summary>One sample per second for <paramref name="seconds"/> seconds, working set from <paramref name="bytes"/>.</summary>
    private static List<ResourceSample> Series(int seconds, Func<int, double> bytes) =>
        [.. Enumerable.Range(0, seconds).Select(t => new ResourceSample { Elapsed = TimeSpan.FromSeconds(t), WorkingSetBytes = bytes(t) })];

    private static TimelinePoint Point(int index, long milliseconds)
    {
        var histogram = HistogramCodec.Create();
        histogram.RecordValueWithCount(milliseconds * 1000, 100);
        return new TimelinePoint { Index = index, Elapsed = TimeSpan.FromSeconds(index), Requests = 100, P95 = milliseconds, Histogram = HistogramCodec.Encode(histogram) };
    }
}
