using Cortex.LoadTesting.Analysis;
using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Tests.Support;
using Cortex.LoadTesting.Thresholds;

namespace Cortex.LoadTesting.Tests.Analysis;

public sealed class BreakpointAnalyzerTests
{
    private const int PointsPerLevel = 3;

    private static IReadOnlyList<CompiledThreshold> Thresholds(params string[] expressions) =>
        [.. expressions.Select(e => new CompiledThreshold(ThresholdExpression.Parse(e), null, CompiledThreshold.ThresholdSource, false, TimeSpan.Zero))];

    /// <summary>Holds of 100..1200 iterations/s, each delivered in full; latency ~10 ms up to 800/s and 200+ ms above.</summary>
    private static List<TimelinePoint> Staircase(Func<double, IEnumerable<double>>? latencies = null, Func<double, long>? dropped = null, Func<double, long>? started = null)
    {
        var points = new List<TimelinePoint>();
        for (var rate = 100; rate <= 1200; rate += 100)
        {
            for (var i = 0; i < PointsPerLevel; i++)
            {
                var samples = latencies?.Invoke(rate) ?? (rate <= 800 ? SampleResults.Spread(rate, 8, 12) : SampleResults.Spread(rate, 200, 260));
                points.Add(SampleResults.Point(points.Count, rate, samples, started: started?.Invoke(rate), dropped: dropped?.Invoke(rate) ?? 0));
            }
        }

        return points;
    }

    [Fact]
    public void Analyze_StaircaseWithLatencyCliff_FindsTheLastGoodAndFirstBadLevel()
    {
        var result = SampleResults.FromTimeline(LoadModel.RampingArrivalRate, Staircase());

        var analysis = BreakpointAnalyzer.Analyze(result, Thresholds("p(95)<50"))!;

        Assert.Equal("iterations/s", analysis.LoadUnit);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => i * 100.0), analysis.Levels.Select(l => l.TargetLoad));
        Assert.Equal(800, analysis.MaxSustainableLoad);
        Assert.Equal(800, analysis.MaxSustainableThroughput!.Value, 6);
        Assert.Equal(900, analysis.BreakingLoad);
        var broken = Assert.Single(analysis.BrokenBy);
        Assert.StartsWith("p(95)<50 observed 2", broken, StringComparison.Ordinal);
        var degradation = Assert.Single(analysis.DegradationPoints);
        Assert.Equal((800, 900), (degradation.FromLoad, degradation.ToLoad));
        Assert.True(degradation.Factor > 10);
    }

    [Fact]
    public void Analyze_OneLevelBlipsBelowTheCliff_IsListedButDoesNotEndTheSearch()
    {
        // 300/s suffers one pause (a GC, a noisy neighbour); 400..800 hold again; 900 breaks for good.
        var result = SampleResults.FromTimeline(LoadModel.RampingArrivalRate, Staircase(rate => rate == 300 || rate > 800 ? SampleResults.Spread((int)rate, 200, 260) : SampleResults.Spread((int)rate, 8, 12)));

        var analysis = BreakpointAnalyzer.Analyze(result, Thresholds("p(95)<50"))!;

        Assert.False(analysis.Levels.Single(l => l.TargetLoad == 300).Passed);
        Assert.Equal(800, analysis.MaxSustainableLoad);
        Assert.Equal(900, analysis.BreakingLoad);
    }

    [Fact]
    public void Analyze_Staircase_MergesEachLevelsIntervals()
    {
        var result = SampleResults.FromTimeline(LoadModel.RampingArrivalRate, Staircase());

        var analysis = BreakpointAnalyzer.Analyze(result, [])!;

        // The first interval is warm-up and left out; every other level keeps all its intervals.
        Assert.Equal(TimeSpan.FromSeconds(PointsPerLevel - 1), analysis.Levels[0].Duration);
        var level = analysis.Levels.Single(l => l.TargetLoad == 500);
        Assert.Equal(TimeSpan.FromSeconds(PointsPerLevel), level.Duration);
        Assert.Equal(500 * PointsPerLevel, level.Requests);
        Assert.Equal(500, level.Throughput, 6);
        Assert.Equal(500, level.IterationRate, 6);
        Assert.InRange(level.P95, 11, 12.2);
        Assert.True(level.Passed);
        Assert.Null(analysis.BreakingLoad);
        Assert.Equal(1200, analysis.MaxSustainableLoad);
    }

    [Fact]
    public void Analyze_ClosedRamp_UsesUsersAsTheUnit()
    {
        var result = SampleResults.FromTimeline(LoadModel.RampingVus, Staircase());

        var analysis = BreakpointAnalyzer.Analyze(result, Thresholds("p(95)<50"))!;

        Assert.Equal("users", analysis.LoadUnit);
        Assert.Equal(800, analysis.MaxSustainableLoad);
    }

    [Theory]
    [InlineData(LoadModel.ConstantVus)]
    [InlineData(LoadModel.ConstantArrivalRate)]
    public void Analyze_ConstantModel_IsNull(LoadModel model)
    {
        var result = SampleResults.FromTimeline(model, Staircase());

        Assert.Null(BreakpointAnalyzer.Analyze(result, Thresholds("p(95)<50")));
    }

    [Fact]
    public void Analyze_EmptyTimeline_IsNull()
    {
        var result = SampleResults.Single(SampleResults.Spread(100, 1, 2)) with { Model = LoadModel.RampingArrivalRate };

        Assert.Null(BreakpointAnalyzer.Analyze(result, []));
    }

    [Fact]
    public void Analyze_DroppedArrivals_FailTheLevel()
    {
        var result = SampleResults.FromTimeline(LoadModel.RampingArrivalRate, Staircase(latencies: rate => SampleResults.Spread((int)rate, 8, 12), dropped: rate => rate >= 700 ? 20 : 0));

        var analysis = BreakpointAnalyzer.Analyze(result, Thresholds("p(95)<50"))!;

        Assert.Equal(600, analysis.MaxSustainableLoad);
        Assert.Equal(700, analysis.BreakingLoad);
        var reason = Assert.Single(analysis.BrokenBy);
        Assert.Equal("60 arrivals dropped (2.8% of 2,160)", reason);
        Assert.Equal(60, analysis.Levels.Single(l => l.TargetLoad == 700).Dropped);
    }

    [Fact]
    public void Analyze_OpenModelFallingShortOfItsRate_FailsWithLoadNotDelivered()
    {
        // Above 800/s the generator only managed to start 800 iterations a second.
        var result = SampleResults.FromTimeline(LoadModel.RampingArrivalRate, Staircase(latencies: rate => SampleResults.Spread((int)Math.Min(rate, 800), 8, 12)));

        var analysis = BreakpointAnalyzer.Analyze(result, Thresholds("p(95)<50"))!;

        // 800/s of 900/s is 89%: not delivered.
        Assert.Equal(800, analysis.MaxSustainableLoad);
        Assert.Equal(900, analysis.BreakingLoad);
        Assert.Equal("load not delivered: 800/s of 900 iterations/s", Assert.Single(analysis.BrokenBy));
    }

    [Fact]
    public void Analyze_OpenModelWhoseRequestsFallBehind_FailsWithoutAnyThreshold()
    {
        // Iterations start at the target rate, but only 800 requests a second finish: the rest queue inside.
        var result = SampleResults.FromTimeline(LoadModel.RampingArrivalRate, Staircase(latencies: rate => SampleResults.Spread((int)Math.Min(rate, 800), 8, 12), started: rate => (long)rate));

        var analysis = BreakpointAnalyzer.Analyze(result, [])!;

        Assert.Equal(800, analysis.MaxSustainableLoad);
        Assert.Equal(900, analysis.BreakingLoad);
        Assert.Equal("not keeping up: 800/s requests finished of 900/s started", Assert.Single(analysis.BrokenBy));
    }

    [Fact]
    public void Analyze_OnlyOneLevelPassingAfterAFailure_KeepsTheFailureAsTheBreakpoint()
    {
        // The last level passing again is usually one whose requests had not finished, not a recovery.
        var result = SampleResults.FromTimeline(LoadModel.RampingArrivalRate, Staircase(latencies: rate => SampleResults.Spread((int)rate, rate == 1100 ? 100 : 8, rate == 1100 ? 120 : 12)));

        var analysis = BreakpointAnalyzer.Analyze(result, Thresholds("p(95)<50"))!;

        Assert.Equal(1000, analysis.MaxSustainableLoad);
        Assert.Equal(1100, analysis.BreakingLoad);
        Assert.True(analysis.Levels.Single(l => l.TargetLoad == 1200).Passed);
    }

    [Fact]
    public void Analyze_ThroughputAndStepThresholds_AreNotJudgedPerLevel()
    {
        var result = SampleResults.FromTimeline(LoadModel.RampingArrivalRate, Staircase(latencies: rate => SampleResults.Spread((int)rate, 8, 12)));
        IReadOnlyList<CompiledThreshold> thresholds =
        [
            .. Thresholds("throughput>1000", "count>100000"),
            new CompiledThreshold(ThresholdExpression.Parse("p(95)<1"), "step", CompiledThreshold.ThresholdSource, false, TimeSpan.Zero),
        ];

        var analysis = BreakpointAnalyzer.Analyze(result, thresholds)!;

        Assert.All(analysis.Levels, l => Assert.True(l.Passed));
        Assert.Equal(1200, analysis.MaxSustainableLoad);
    }

    [Fact]
    public void Analyze_ErrorRateThreshold_IsJudgedPerLevel()
    {
        var points = new List<TimelinePoint>();
        foreach (var users in new[] { 10, 20, 30 })
        {
            for (var i = 0; i < PointsPerLevel; i++)
            {
                points.Add(SampleResults.Point(points.Count, users, SampleResults.Spread(users * 10, 5, 6), errors: users == 30 ? 15 : 0));
            }
        }

        var analysis = BreakpointAnalyzer.Analyze(SampleResults.FromTimeline(LoadModel.RampingVus, points), Thresholds("rate<0.01"))!;

        Assert.Equal(20, analysis.MaxSustainableLoad);
        Assert.Equal(30, analysis.BreakingLoad);
        Assert.Equal("rate<0.01 observed 5%", Assert.Single(analysis.BrokenBy));
        Assert.Equal(0.05, analysis.Levels[^1].ErrorRate, 9);
    }

    [Fact]
    public void Analyze_LinearRamp_IsBinnedIntoAtMostTenLevels()
    {
        // 2..80 users, one more every interval; latency explodes above 50 users.
        var points = Enumerable.Range(1, 80)
            .Select(users => SampleResults.Point(users - 1, users, SampleResults.Spread(users * 5, users > 50 ? 300 : 10, users > 50 ? 400 : 14)))
            .ToList();

        var analysis = BreakpointAnalyzer.Analyze(SampleResults.FromTimeline(LoadModel.RampingVus, points), Thresholds("p(95)<50"))!;

        Assert.Equal(10, analysis.Levels.Count);
        Assert.Equal(analysis.Levels.Select(l => l.TargetLoad).Order(), analysis.Levels.Select(l => l.TargetLoad));
        Assert.InRange(analysis.MaxSustainableLoad!.Value, 40, 50);
        // Refined inside the failing bin: the cliff is the interval that ended at 51 users (50.5 on average).
        Assert.InRange(analysis.BreakingLoad!.Value, 49, 51);
        Assert.NotEmpty(analysis.DegradationPoints);
    }

    [Fact]
    public void Analyze_RampDownAndDrain_AreLeftOut()
    {
        var points = new List<TimelinePoint>();
        foreach (var users in new[] { 10, 10, 10, 20, 20, 20, 30, 30, 30, 20, 10 })
        {
            // The ramp-down drains queues: slow, but it must not be blamed on 20 or 10 users.
            points.Add(SampleResults.Point(points.Count, users, SampleResults.Spread(users * 10, points.Count >= 9 ? 500 : 5, points.Count >= 9 ? 600 : 6)));
        }

        points.Add(SampleResults.Point(points.Count, 0, SampleResults.Spread(5, 900, 1000), started: 0));

        var analysis = BreakpointAnalyzer.Analyze(SampleResults.FromTimeline(LoadModel.RampingVus, points), Thresholds("p(95)<50"))!;

        Assert.Equal([10.0, 20, 30], analysis.Levels.Select(l => l.TargetLoad));
        Assert.All(analysis.Levels, l => Assert.True(l.Passed));
    }

    [Fact]
    public void Analyze_SubMillisecondRise_IsNotADegradation()
    {
        var result = SampleResults.FromTimeline(LoadModel.RampingArrivalRate, Staircase(latencies: rate => SampleResults.Spread((int)rate, rate <= 600 ? 0.2 : 0.6, rate <= 600 ? 0.3 : 0.8)));

        var analysis = BreakpointAnalyzer.Analyze(result, [])!;

        Assert.Empty(analysis.DegradationPoints);
    }

    /// <summary>
    /// A ramp from 0 to <paramref name="rampTo"/> × capacity over <paramref name="seconds"/> one-second intervals against a
    /// target that serves at most <paramref name="capacity"/> requests a second (10 ms each) and queues the rest: what
    /// a system with a hard capacity shows, its waiting time growing with the queue.
    /// </summary>
    private static List<TimelinePoint> HardCapacity(double capacity, double rampTo, int seconds)
    {
        var points = new List<TimelinePoint>();
        var queue = 0.0;
        for (var i = 0; i < seconds; i++)
        {
            var (from, to) = (rampTo * capacity * i / seconds, rampTo * capacity * (i + 1) / seconds);
            var arrivals = (from + to) / 2;
            var served = Math.Min(queue + arrivals, capacity);
            queue += arrivals - served;
            var waitMs = queue / capacity * 1000;
            var samples = SampleResults.Spread((int)Math.Round(served), 10, 10 + (waitMs * 2));
            points.Add(SampleResults.Point(i, to, samples, started: (long)Math.Round(arrivals)));
        }

        return points;
    }

    [Theory]
    [InlineData(150.0, 4.0, 40, "p(95)<100")]
    [InlineData(400.0, 4.0, 40, "p(95)<100")]
    [InlineData(900.0, 4.0, 40, "p(95)<100")]
    [InlineData(150.0, 4.0, 40, null)]
    [InlineData(400.0, 3.0, 30, null)]
    [InlineData(900.0, 2.0, 20, null)]
    public void Analyze_RampAgainstAHardCapacity_PlacesTheBreakWithinTenPercentOfIt(double capacity, double rampTo, int seconds, string? threshold)
    {
        var result = SampleResults.FromTimeline(LoadModel.RampingArrivalRate, HardCapacity(capacity, rampTo, seconds));

        var analysis = BreakpointAnalyzer.Analyze(result, threshold is null ? [] : Thresholds(threshold))!;

        Assert.NotNull(analysis.BreakingLoad);
        TestContext.Current.TestOutputHelper?.WriteLine($"capacity {capacity}/s: break placed at {analysis.BreakingLoad:0.0}/s ({(analysis.BreakingLoad.Value / capacity - 1) * 100:+0.0;-0.0} %), max sustainable {analysis.MaxSustainableLoad:0.0}/s");
        Assert.InRange(analysis.BreakingLoad.Value, capacity * 0.9, capacity * 1.1);
        Assert.True(analysis.MaxSustainableLoad <= analysis.BreakingLoad, $"{analysis.MaxSustainableLoad} > {analysis.BreakingLoad}");
    }
}
