using Cortex.LoadTesting.Analysis;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Tests.Support;

namespace Cortex.LoadTesting.Tests.Analysis;

public sealed class RegressionDetectorTests
{
    private static readonly double[] Baseline = [.. SampleResults.Spread(1000, 5, 25)];

    private static double[] Scaled(double factor) => [.. Baseline.Select(ms => ms * factor)];

    private static MetricComparison Find(RegressionReport report, string metric, string scope = "requests") =>
        report.Comparisons.Single(c => c.Scope == scope && c.Metric == metric);

    [Fact]
    public void Compare_DoubledP95_IsCriticalRegression()
    {
        var report = RegressionDetector.Compare(SampleResults.Single(Baseline), SampleResults.Single(Scaled(2)));

        var p95 = Find(report, "p95");
        Assert.Equal(RegressionSeverity.Critical, p95.Severity);
        Assert.InRange(p95.ChangePercent, 95, 105);
        Assert.False(p95.WithinNoise);
        Assert.True(report.IsRegression);
        Assert.Equal(RegressionSeverity.Critical, report.Severity);
        Assert.StartsWith("regressed (critical): ", report.Verdict, StringComparison.Ordinal);
        Assert.Contains("requests p95 +", report.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_DoubledLatency_CapsP50AndMeanAtMajor()
    {
        var report = RegressionDetector.Compare(SampleResults.Single(Baseline), SampleResults.Single(Scaled(2)));

        Assert.Equal(RegressionSeverity.Major, Find(report, "p50").Severity);
        Assert.Equal(RegressionSeverity.Major, Find(report, "mean").Severity);
    }

    [Theory]
    [InlineData(1.03)]
    [InlineData(0.97)]
    public void Compare_ThreePercentJitterOnEveryMetric_IsNoRegression(double factor)
    {
        var baseline = SampleResults.Single(Baseline, errors: 100);
        var current = SampleResults.Single(Scaled(factor), errors: (long)Math.Round(100 * factor), duration: TimeSpan.FromSeconds(10 * factor));

        var report = RegressionDetector.Compare(baseline, current);

        Assert.False(report.IsRegression);
        Assert.All(report.Comparisons, c => Assert.Equal(RegressionSeverity.None, c.Severity));
        Assert.All(report.Comparisons, c => Assert.True(c.WithinNoise, $"{c.Scope} {c.Metric} {c.ChangePercent}"));
        Assert.Equal($"no regression ({report.Comparisons.Count} metrics compared, {report.Comparisons.Count} within noise)", report.Verdict);
    }

    [Fact]
    public void Compare_ThroughputHalved_IsCritical()
    {
        var report = RegressionDetector.Compare(SampleResults.Single(Baseline), SampleResults.Single(Baseline, duration: TimeSpan.FromSeconds(20)));

        var throughput = Find(report, "throughput");
        Assert.Equal(RegressionSeverity.Critical, throughput.Severity);
        Assert.Equal(-50, throughput.ChangePercent, 6);
        Assert.Equal(100, throughput.RegressionPercent, 6);
        Assert.False(throughput.Improved);
        Assert.Equal(RegressionSeverity.None, Find(report, "p95").Severity);
        Assert.Contains("requests throughput -50.0% (100/s -> 50/s)", report.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_ThroughputUp_IsNoRegression()
    {
        var report = RegressionDetector.Compare(SampleResults.Single(Baseline), SampleResults.Single(Baseline, duration: TimeSpan.FromSeconds(5)));

        var throughput = Find(report, "throughput");
        Assert.Equal(100, throughput.ChangePercent, 6);
        Assert.True(throughput.Improved);
        Assert.Equal(RegressionSeverity.None, throughput.Severity);
        Assert.False(report.IsRegression);
    }

    [Theory]
    [InlineData(676.1, 1011.2, 49.6, true, RegressionSeverity.None)]
    [InlineData(1011.2, 676.1, -33.1, false, RegressionSeverity.Major)]
    public void Compare_ThroughputChange_HasTheNaturalSignAndAnImprovementIsLabelledSo(double before, double after, double change, bool improved, RegressionSeverity severity)
    {
        var baseline = SampleResults.Single(Baseline, duration: TimeSpan.FromSeconds(1000 / before));
        var current = SampleResults.Single(Baseline, duration: TimeSpan.FromSeconds(1000 / after));

        var throughput = Find(RegressionDetector.Compare(baseline, current), "throughput");

        Assert.Equal(change, throughput.ChangePercent, 1);
        Assert.Equal(improved, throughput.Improved);
        Assert.Equal(severity, throughput.Severity);
    }

    [Fact]
    public void Compare_LatencyHalved_IsAnImprovementWithANegativeChange()
    {
        var p95 = Find(RegressionDetector.Compare(SampleResults.Single(Baseline), SampleResults.Single(Scaled(0.5))), "p95");

        Assert.InRange(p95.ChangePercent, -52, -48);
        Assert.True(p95.Improved);
        Assert.Equal(RegressionSeverity.None, p95.Severity);
    }

    [Fact]
    public void Compare_OneStepTest_ShowsEachMetricOnce()
    {
        var report = RegressionDetector.Compare(SampleResults.Single(Baseline), SampleResults.Single(Scaled(2)));

        Assert.Equal(6, report.Comparisons.Count);
        Assert.All(report.Comparisons, c => Assert.Equal("requests", c.Scope));
    }

    [Fact]
    public void Compare_DifferentLoad_WarnsWithBothLoads()
    {
        var baseline = SampleResults.FromTimeline(LoadModel.ConstantVus, [.. Enumerable.Range(0, 3).Select(i => SampleResults.Point(i, 64, Baseline))]);
        var current = SampleResults.FromTimeline(LoadModel.ConstantVus, [.. Enumerable.Range(0, 3).Select(i => SampleResults.Point(i, 100, Baseline))]);

        var report = RegressionDetector.Compare(baseline, current);

        var warning = Assert.Single(report.Warnings);
        Assert.Equal("the runs had different load (peak 64 users and 100 users): changes may come from the load, not the system", warning);
        Assert.Empty(RegressionDetector.Compare(baseline, baseline).Warnings);
    }

    [Fact]
    public void Compare_ErrorRateFromZeroToTwoPercent_IsCritical()
    {
        var report = RegressionDetector.Compare(SampleResults.Single(Baseline), SampleResults.Single(Baseline, errors: 20));

        var errors = Find(report, "error_rate");
        Assert.Equal(RegressionSeverity.Critical, errors.Severity);
        Assert.Equal(0, errors.Baseline);
        Assert.Equal(0.02, errors.Current, 9);
        Assert.Equal(2000, errors.ChangePercent, 6);
        Assert.Equal(RegressionSeverity.Critical, report.Severity);
    }

    [Fact]
    public void Compare_ErrorRateBelowTheAbsoluteGuard_IsNoise()
    {
        var report = RegressionDetector.Compare(SampleResults.Single(Baseline), SampleResults.Single(Baseline, errors: 5), new RegressionOptions { MinErrorRateChange = 0.01 });

        Assert.True(Find(report, "error_rate").WithinNoise);
        Assert.False(report.IsRegression);
    }

    [Fact]
    public void Compare_P50UpFortyPercent_IsMajorNotCritical()
    {
        double[] before = [.. Enumerable.Repeat(10.0, 900), .. Enumerable.Repeat(100.0, 100)];
        double[] after = [.. Enumerable.Repeat(14.0, 900), .. Enumerable.Repeat(100.0, 100)];

        var report = RegressionDetector.Compare(SampleResults.Single(before), SampleResults.Single(after));

        var p50 = Find(report, "p50");
        Assert.InRange(p50.ChangePercent, 38, 42);
        Assert.Equal(RegressionSeverity.Major, p50.Severity);
        Assert.Equal(RegressionSeverity.None, Find(report, "p95").Severity);
        Assert.Equal(RegressionSeverity.Major, report.Severity);
        Assert.StartsWith("regressed (major): ", report.Verdict, StringComparison.Ordinal);
        Assert.Contains("requests p50 +", report.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_SmallLatencyDeltaBelowOneMillisecond_IsNoise()
    {
        double[] before = [.. Enumerable.Repeat(0.5, 1000)];
        double[] after = [.. Enumerable.Repeat(0.9, 1000)];

        var report = RegressionDetector.Compare(SampleResults.Single(before), SampleResults.Single(after));

        Assert.True(Find(report, "p95").WithinNoise);
        Assert.False(report.IsRegression);
    }

    [Fact]
    public void Compare_Steps_ComparedOnlyWithEnoughSamplesInBothRuns()
    {
        static LoadTestResult TwoSteps(double factor) => SampleResults.Steps(
            SampleResults.Operation("step", Scaled(factor)), SampleResults.Operation("other", Scaled(factor)));
        var enough = RegressionDetector.Compare(TwoSteps(1), TwoSteps(2));
        var few = RegressionDetector.Compare(TwoSteps(1), TwoSteps(2), new RegressionOptions { MinSamples = 1001 });

        Assert.Equal(RegressionSeverity.Critical, Find(enough, "p95", "s/step").Severity);
        Assert.DoesNotContain(few.Comparisons, c => c.Scope != "requests");
        Assert.Equal(6, few.Comparisons.Count);
    }

    [Fact]
    public void Compare_Regressions_OrderedWorstFirstAndVerdictNamesTheTopThree()
    {
        var report = RegressionDetector.Compare(SampleResults.Single(Baseline), SampleResults.Single(Scaled(3), errors: 50, duration: TimeSpan.FromSeconds(40)));

        var severities = report.Comparisons.Select(c => (int)c.Severity).ToList();
        Assert.Equal(severities.OrderDescending(), severities);
        var critical = report.Comparisons.TakeWhile(c => c.Severity == RegressionSeverity.Critical).Select(c => c.RegressionPercent).ToList();
        Assert.Equal(critical.OrderDescending(), critical);
        Assert.Contains(" more", report.Verdict, StringComparison.Ordinal);
        Assert.Equal(3, report.Verdict.Split(", ").Length);
    }

    [Fact]
    public void Compare_Labels_AreTestNameAndStartTime()
    {
        var report = RegressionDetector.Compare(SampleResults.Single(Baseline), SampleResults.Single(Baseline) with { TestName = "next" });

        Assert.Equal("test @ 2026-11-28 00:00:00Z", report.Baseline);
        Assert.Equal("next @ 2026-11-28 00:00:00Z", report.Current);
    }

    [Fact]
    public void Compare_NullArgumentsOrNegativeGuard_Throw()
    {
        var result = SampleResults.Single(Baseline);

        Assert.Throws<ArgumentNullException>(() => RegressionDetector.Compare(null!, result));
        Assert.Throws<ArgumentNullException>(() => RegressionDetector.Compare(result, null!));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RegressionDetector.Compare(result, result, new RegressionOptions { NoisePercent = -1 }));
        Assert.Contains("NoisePercent is -1", error.Message, StringComparison.Ordinal);
    }
}
