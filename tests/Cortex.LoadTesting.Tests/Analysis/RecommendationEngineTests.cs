using Cortex.LoadTesting.Analysis;
using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Tests.Support;
using Cortex.LoadTesting.Thresholds;

namespace Cortex.LoadTesting.Tests.Analysis;

public sealed class RecommendationEngineTests
{
    private static ThresholdResult Threshold(string expression, double observed, bool passed, string? step = null) =>
        new() { Expression = expression, Step = step, Source = CompiledThreshold.ThresholdSource, Observed = observed, Passed = passed };

    private static LoadTestResult TwoSteps(double findMs, double storeMs) => SampleResults.Steps(
        SampleResults.Operation("find", SampleResults.Spread(1000, findMs * 0.9, findMs * 1.1)),
        SampleResults.Operation("store", SampleResults.Spread(1000, storeMs * 0.9, storeMs * 1.1)));

    /// <summary>An open run whose timeline's p95 goes from <paramref name="firstMs"/> to <paramref name="lastMs"/>, with arrivals dropped.</summary>
    private static LoadTestResult Dropping(double firstMs, double lastMs, int peak) =>
        SampleResults.FromTimeline(LoadModel.ConstantArrivalRate, [.. Enumerable.Range(0, 9).Select(i => SampleResults.Point(i, 100, SampleResults.Spread(100, i < 3 ? firstMs : lastMs, (i < 3 ? firstMs : lastMs) + 2)))])
        with { Iterations = new IterationCounts { Started = 750, Completed = 750, Dropped = 250 }, PeakActiveUsers = peak };

    private static string Message(IReadOnlyList<Recommendation> recommendations, RecommendationCategory category) =>
        Assert.Single(recommendations, r => r.Category == category).Message;

    [Fact]
    public void Derive_TwoSteps_NamesTheDominantStepWithItsShare()
    {
        var recommendation = Assert.Single(RecommendationEngine.Derive(TwoSteps(30, 10), maxUsers: null), r => r.Category == RecommendationCategory.Latency);

        Assert.Equal("find", recommendation.Step);
        Assert.StartsWith("Step 'find' takes 75% of request time (p95 ", recommendation.Message, StringComparison.Ordinal);
        Assert.Contains("1,000 calls); optimize it first.", recommendation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Derive_NoDominantStep_NamesTheRunnerUp()
    {
        var recommendation = Assert.Single(RecommendationEngine.Derive(TwoSteps(11, 10), maxUsers: null), r => r.Category == RecommendationCategory.Latency);

        Assert.Contains("Step 'find' takes 52%", recommendation.Message, StringComparison.Ordinal);
        Assert.Contains("the next, 'store', takes 48%", recommendation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Derive_OneStep_SaysNothingAboutDominance()
    {
        var recommendations = RecommendationEngine.Derive(SampleResults.Single(SampleResults.Spread(100, 5, 6)), maxUsers: null);

        Assert.DoesNotContain(recommendations, r => r.Category == RecommendationCategory.Latency);
    }

    [Theory]
    [InlineData(10, 50, RecommendationCategory.Generator, "25% of arrivals were dropped (250 of 1,000) while p95 held (11.9 ms in the first third, 11.9 ms in the last): every virtual user was busy, so the generator, not the system, was the limit; raise maxUsers (peak 50 of 50 busy).")]
    [InlineData(300, 50, RecommendationCategory.Capacity, "25% of arrivals were dropped (250 of 1,000) and p95 rose from 11.9 ms in the first third of the run to 303.1 ms in the last: the system is past its capacity (peak 50 of 50 busy); more virtual users would only queue more work, so lower the rate or scale the system.")]
    [InlineData(10, 12, RecommendationCategory.Generator, "25% of arrivals were dropped (250 of 1,000) while p95 held (11.9 ms in the first third, 11.9 ms in the last) with virtual users to spare (peak 12 of 50 busy): the generator could not start iterations on time; give it more CPU or split the load into segments.")]
    public void Derive_DroppedArrivals_NamesTheLimitWithTheFigures(double lastMs, int peak, RecommendationCategory category, string expected)
    {
        var recommendations = RecommendationEngine.Derive(Dropping(10, lastMs, peak), maxUsers: 50);

        Assert.Equal(expected, Message(recommendations, category));
    }

    [Fact]
    public void Derive_AllThresholdsHeld_GivesTheTightestLatencyHeadroom()
    {
        var result = SampleResults.Single(SampleResults.Spread(1000, 5, 25)) with
        {
            Thresholds = [Threshold("rate<0.01", 0.001, true), Threshold("p(99)<100", 25, true), Threshold("p(95)<50", 24, true)],
        };

        var recommendation = Assert.Single(RecommendationEngine.Derive(result, maxUsers: null));

        Assert.Equal(RecommendationCategory.Thresholds, recommendation.Category);
        Assert.Equal("All 3 thresholds held; the tightest latency one has 52% headroom: p(95)<50 observed 24 ms.", recommendation.Message);
    }

    [Fact]
    public void Derive_NoThresholds_SuggestsOneFromTheMeasuredP95()
    {
        var recommendation = Assert.Single(RecommendationEngine.Derive(SampleResults.Single(Enumerable.Repeat(20.0, 100)), maxUsers: null));

        // 20 ms is kept as 20.1 ms by the histogram's two significant digits.
        Assert.Contains("measured p95 20.1 ms", recommendation.Message, StringComparison.Ordinal);
        Assert.Contains("p(95)<31 would catch a 50% slowdown", recommendation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Derive_FailedErrorThreshold_SaysErrorBoundWithTheTopErrorType()
    {
        var result = SampleResults.Single(SampleResults.Spread(1000, 5, 25), errors: 100) with
        {
            Errors = [new ErrorSummary("s", "step", "http_503", 503, 80), new ErrorSummary("s", "step", "timeout", null, 20)],
            Thresholds = [Threshold("rate<0.01", 0.1, false), Threshold("p(95)<50", 24, true)],
        };

        var recommendations = RecommendationEngine.Derive(result, maxUsers: null);

        Assert.Equal(RecommendationCategory.Thresholds, recommendations[0].Category);
        Assert.Equal("1 of 2 thresholds failed: rate<0.01 observed 10%.", recommendations[0].Message);
        var errors = Assert.Single(recommendations, r => r.Category == RecommendationCategory.Errors);
        Assert.Equal("step", errors.Step);
        Assert.StartsWith("10% of requests failed (100 of 1,000); the most frequent is 'http_503' at 80% of them", errors.Message, StringComparison.Ordinal);
        Assert.Contains("The run is error-bound: rate<0.01 observed 10% failed while every latency threshold held", errors.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Derive_ErrorsAndFailedLatencyThreshold_SaysLatencyBound()
    {
        var result = SampleResults.Single(SampleResults.Spread(1000, 5, 25), errors: 3) with
        {
            Thresholds = [Threshold("rate<0.01", 0.003, true), Threshold("p(95)<10", 24, false)],
        };

        var errors = Assert.Single(RecommendationEngine.Derive(result, maxUsers: null), r => r.Category == RecommendationCategory.Errors);

        Assert.Contains("latency-bound, not error-bound: p(95)<10 observed 24 ms failed", errors.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Derive_CorrectedP99FarAboveServiceTime_SaysTheScheduleSlipped()
    {
        var single = SampleResults.Single(SampleResults.Spread(1000, 5, 10));
        var corrected = SampleResults.Operation("requests", SampleResults.Spread(1000, 5, 60)).Latency;
        var result = single with { Requests = single.Requests with { Latency = corrected } };

        var recommendation = Assert.Single(RecommendationEngine.Derive(result, maxUsers: null), r => r.Category == RecommendationCategory.Latency);

        Assert.StartsWith("Corrected p99 is 5.97x the service-time p99 (59.6 ms against 9.98 ms)", recommendation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Derive_DifferentFigures_GiveDifferentMessages()
    {
        var slow = RecommendationEngine.Derive(TwoSteps(30, 10), maxUsers: null);
        var slower = RecommendationEngine.Derive(TwoSteps(90, 10), maxUsers: null);
        var dropping = RecommendationEngine.Derive(Dropping(10, 10, 50), maxUsers: 50);
        var droppingMore = RecommendationEngine.Derive(Dropping(10, 10, 80), maxUsers: 80);

        Assert.NotEqual(Message(slow, RecommendationCategory.Latency), Message(slower, RecommendationCategory.Latency));
        Assert.NotEqual(Message(dropping, RecommendationCategory.Generator), Message(droppingMore, RecommendationCategory.Generator));
        Assert.All(slow.Concat(slower).Concat(dropping).Concat(droppingMore), r => Assert.Matches(@"\d", r.Message));
    }

    [Fact]
    public void Derive_OneThresholdHeld_SaysTheOneThreshold()
    {
        var result = SampleResults.Single(SampleResults.Spread(1000, 5, 25)) with { Thresholds = [Threshold("p(95)<50", 24, true)] };

        var recommendation = Assert.Single(RecommendationEngine.Derive(result, maxUsers: null));

        Assert.Equal("The one threshold held with 52% headroom: p(95)<50 observed 24 ms.", recommendation.Message);
    }

    [Fact]
    public void Derive_EveryRequestFailed_DoesNotCallTheLatencyThresholdsHeld()
    {
        var result = SampleResults.Single(SampleResults.Spread(1000, 0.1, 0.3), errors: 1000) with
        {
            Errors = [new ErrorSummary("s", "step", "http_connectionerror", null, 1000)],
            Thresholds = [Threshold("rate<0.01", 1, false), Threshold("p(95)<50", 0.3, true)],
        };

        var errors = Assert.Single(RecommendationEngine.Derive(result, maxUsers: null), r => r.Category == RecommendationCategory.Errors);

        Assert.DoesNotContain("every latency threshold held", errors.Message, StringComparison.Ordinal);
        Assert.Contains("every request failed, so the latencies are those of the failures and say nothing of the system", errors.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Derive_ErrorThresholdFailedWithoutLatencyThresholds_DoesNotMentionLatencyThresholds()
    {
        var result = SampleResults.Single(SampleResults.Spread(1000, 5, 25), errors: 100) with
        {
            Errors = [new ErrorSummary("s", "step", "http_503", 503, 100)],
            Thresholds = [Threshold("rate<0.01", 0.1, false)],
        };

        var errors = Assert.Single(RecommendationEngine.Derive(result, maxUsers: null), r => r.Category == RecommendationCategory.Errors);

        Assert.DoesNotContain("latency threshold", errors.Message, StringComparison.Ordinal);
        Assert.Contains("The run is error-bound: rate<0.01 observed 10% failed; fix the failures before tuning speed.", errors.Message, StringComparison.Ordinal);
    }
}
