using Cortex.LoadTesting.Reports;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Tests.Support;

namespace Cortex.LoadTesting.Tests.Reports;

public class LoadTestResultMergerTests
{
    private static readonly double[] FirstHalf = [1.5, 3, 7, 12, 40, 41, 95, 250, 999];
    private static readonly double[] SecondHalf = [2, 2.5, 8, 13, 60, 120, 480, 1500];

    [Fact]
    public void Merge_TwoSegments_EqualsOneRunOfAllSamples()
    {
        var first = Run(FirstHalf, errors: 1, new ExecutionSegment(1, 2));
        var second = Run(SecondHalf, errors: 2, new ExecutionSegment(2, 2));
        var whole = Run([.. FirstHalf, .. SecondHalf], errors: 3, ExecutionSegment.Full);

        var merged = LoadTestResultMerger.Merge([second, first]);

        Assert.Equal(17, merged.Requests.Count);
        Assert.Equal(whole.Requests.Latency, merged.Requests.Latency);
        Assert.Equal(whole.Scenarios[0].Steps[0].ServiceTime, merged.Scenarios[0].Steps[0].ServiceTime);
        Assert.NotEmpty(merged.Recommendations);   // derived again from the merged data
        Assert.Equal(Json(whole with { Timeline = [] }), Json(merged with { Timeline = [], Recommendations = [] }));
    }

    [Fact]
    public void Merge_TwoSegments_TimelinePercentilesFromMergedHistograms()
    {
        var first = Run(FirstHalf, errors: 1, new ExecutionSegment(1, 2));
        var second = Run(SecondHalf, errors: 2, new ExecutionSegment(2, 2));
        var whole = SampleResults.Single([.. FirstHalf, .. SecondHalf], errors: 3) with
        {
            Timeline =
            [
                SampleResults.Point(0, 2, [.. FirstHalf[..4], .. SecondHalf[..4]], activeUsers: 2),
                SampleResults.Point(1, 2, [.. FirstHalf[4..], .. SecondHalf[4..]], errors: 3, activeUsers: 2),
            ],
        };

        var merged = LoadTestResultMerger.Merge([first, second]);

        Assert.Equal(whole.Timeline.Count, merged.Timeline.Count);
        for (var i = 0; i < whole.Timeline.Count; i++)
        {
            var halves = new[] { first.Timeline[i], second.Timeline[i] };
            Assert.Equal(whole.Timeline[i] with { ServiceP95 = 0, Steps = [] }, merged.Timeline[i] with { ServiceP95 = 0, Steps = [] });
            Assert.Equal(halves.Max(p => p.ServiceP95), merged.Timeline[i].ServiceP95);
        }
    }

    [Fact]
    public void Merge_Thresholds_JudgedAgainOnMergedData()
    {
        string[] thresholds = ["p(95)<2000", "avg<1000", "count<10"];
        var first = SampleResults.Judged(Run(FirstHalf, 0, new ExecutionSegment(1, 2)), thresholds);
        var second = SampleResults.Judged(Run(SecondHalf, 0, new ExecutionSegment(2, 2)), thresholds);
        var whole = SampleResults.Judged(SampleResults.Single([.. FirstHalf, .. SecondHalf]), thresholds);
        Assert.True(first.Passed && second.Passed);

        var merged = LoadTestResultMerger.Merge([first, second]);

        Assert.Equal(whole.Thresholds, merged.Thresholds);
        Assert.False(merged.Thresholds[2].Passed);
        Assert.Equal(17, merged.Thresholds[2].Observed);
    }

    [Fact]
    public void Merge_Segments_RunSideBySide()
    {
        var start = new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
        var first = Run(FirstHalf, 0, new ExecutionSegment(1, 2)) with { StartedAt = start.AddSeconds(0.8), Duration = TimeSpan.FromSeconds(9), PeakActiveUsers = 3 };
        var second = Run(SecondHalf, 0, new ExecutionSegment(2, 2)) with { StartedAt = start, PeakActiveUsers = 4, Status = LoadTestStatus.Stopped, StopReason = "Ctrl+C" };

        var merged = LoadTestResultMerger.Merge([first, second]);

        Assert.Equal(start, merged.StartedAt);
        Assert.Equal(TimeSpan.FromSeconds(10), merged.Duration);
        Assert.Equal(7, merged.PeakActiveUsers);
        Assert.Equal(1.7, merged.Requests.Throughput, 12);
        Assert.Equal(LoadTestStatus.Stopped, merged.Status);
        Assert.Equal("segment 2/2: Ctrl+C", merged.StopReason);
        Assert.Equal(ExecutionSegment.Full, merged.Segment);
    }

    [Fact]
    public void Merge_Errors_AddByScenarioStepTypeAndStatus()
    {
        var first = Run(FirstHalf, 3, new ExecutionSegment(1, 2)) with
        {
            Errors = [new ErrorSummary("s", "step", "http_503", 503, 2), new ErrorSummary("s", "step", "timeout", null, 1)],
        };
        var second = Run(SecondHalf, 2, new ExecutionSegment(2, 2)) with
        {
            Errors = [new ErrorSummary("s", "step", "timeout", null, 2)],
        };

        var merged = LoadTestResultMerger.Merge([first, second]);

        Assert.Equal([new ErrorSummary("s", "step", "timeout", null, 3), new ErrorSummary("s", "step", "http_503", 503, 2)], merged.Errors);
        Assert.Equal(5, merged.Requests.Errors);
        Assert.Equal(5, merged.Iterations.Failed);
    }

    [Fact]
    public void Merge_ScenariosOfDifferentSegments_KeptApartByName()
    {
        var first = Run(FirstHalf, 0, new ExecutionSegment(1, 2));
        var second = SampleResults.Single(SecondHalf, scenario: "browse", step: "search") with { Segment = new ExecutionSegment(2, 2) };

        var merged = LoadTestResultMerger.Merge([first, second]);

        Assert.Equal(["s", "browse"], merged.Scenarios.Select(s => s.Name));
        Assert.Equal(FirstHalf.Length, merged.Scenarios[0].Steps[0].Count);
        Assert.Equal("search", merged.Scenarios[1].Steps[0].Name);
    }

    [Fact]
    public void Merge_AbortedSegment_WorstStatusAndAbortKept()
    {
        var first = SampleResults.Judged(Run(FirstHalf, 0, new ExecutionSegment(1, 2)), "p(99)<500");
        first = first with
        {
            Status = LoadTestStatus.Aborted,
            Thresholds = [first.Thresholds[0] with { AbortOnFail = true, CausedAbort = true }],
        };
        var second = SampleResults.Judged(Run(SecondHalf, 0, new ExecutionSegment(2, 2)), "p(99)<500") with { Status = LoadTestStatus.Stopped };

        var merged = LoadTestResultMerger.Merge([first, second]);

        Assert.Equal(LoadTestStatus.Aborted, merged.Status);
        Assert.True(merged.Thresholds[0].CausedAbort);
        Assert.True(merged.Thresholds[0].AbortOnFail);
    }

    [Fact]
    public void Merge_MissingSegment_KeepsLowestAndNamesTheMissing()
    {
        var first = Run(FirstHalf, 0, new ExecutionSegment(1, 3));
        var third = Run(SecondHalf, 0, new ExecutionSegment(3, 3));

        var merged = LoadTestResultMerger.Merge([third, first]);

        Assert.Equal(new ExecutionSegment(1, 3), merged.Segment);
        Assert.Equal("partial merge: segments 1/3, 3/3 without 2/3", merged.StopReason);
        Assert.Equal(17, merged.Requests.Count);
    }

    [Fact]
    public void Merge_SingleResult_ReturnsItUnchanged()
    {
        var result = ReportSamples.Full();

        var merged = LoadTestResultMerger.Merge([result]);

        Assert.Equal(Json(result), Json(merged));
    }

    [Fact]
    public void Merge_DifferentTestNames_Throws()
    {
        var first = Run(FirstHalf, 0, new ExecutionSegment(1, 2));
        var second = Run(SecondHalf, 0, new ExecutionSegment(2, 2)) with { TestName = "other" };

        var ex = Assert.Throws<ArgumentException>(() => LoadTestResultMerger.Merge([first, second]));

        Assert.Contains("'other'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'test'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_DifferentModels_Throws()
    {
        var first = Run(FirstHalf, 0, new ExecutionSegment(1, 2));
        var second = Run(SecondHalf, 0, new ExecutionSegment(2, 2)) with { Model = LoadModel.ConstantArrivalRate };

        var ex = Assert.Throws<ArgumentException>(() => LoadTestResultMerger.Merge([first, second]));

        Assert.Contains("constant-arrival-rate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_SameSegmentTwice_Throws()
    {
        var first = Run(FirstHalf, 0, new ExecutionSegment(1, 2));

        var ex = Assert.Throws<ArgumentException>(() => LoadTestResultMerger.Merge([first, first]));

        Assert.Contains("1/2 appears twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_DifferentSegmentCounts_Throws()
    {
        var first = Run(FirstHalf, 0, new ExecutionSegment(1, 2));
        var second = Run(SecondHalf, 0, new ExecutionSegment(2, 3));

        var ex = Assert.Throws<ArgumentException>(() => LoadTestResultMerger.Merge([first, second]));

        Assert.Contains("2/3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => LoadTestResultMerger.Merge([]));
    }

    [Fact]
    public void Merge_LatencyWithoutHistogram_RefusesToGuess()
    {
        var first = Run(FirstHalf, 0, new ExecutionSegment(1, 2));
        var second = Run(SecondHalf, 0, new ExecutionSegment(2, 2));
        second = second with { Requests = second.Requests with { Latency = second.Requests.Latency with { Histogram = null } } };

        var ex = Assert.Throws<ArgumentException>(() => LoadTestResultMerger.Merge([first, second]));

        Assert.Contains("results[1]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("requests latency", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A run of the samples with a two-point timeline: four samples in the first second, the rest in the next.</summary>
    [Fact]
    public void Merge_StartsMoreThanOneIntervalApart_RefusesNamingBothStarts()
    {
        var first = Run(FirstHalf, 0, new ExecutionSegment(1, 2));
        var second = Run(SecondHalf, 0, new ExecutionSegment(2, 2)) with { StartedAt = first.StartedAt.AddSeconds(1.5) };

        var ex = Assert.Throws<ArgumentException>(() => LoadTestResultMerger.Merge([first, second]));

        Assert.StartsWith("results[1] (segment 2/2) started at 2026-11-28T00:00:01.500Z, 1.5 s after results[0] (segment 1/2) at 2026-11-28T00:00:00.000Z: more than one reporting interval (1 s) apart", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_StartsWithinOneInterval_Merges()
    {
        var first = Run(FirstHalf, 0, new ExecutionSegment(1, 2));
        var second = Run(SecondHalf, 0, new ExecutionSegment(2, 2)) with { StartedAt = first.StartedAt.AddSeconds(0.4) };

        Assert.Equal(17, LoadTestResultMerger.Merge([first, second]).Requests.Count);
    }

    [Fact]
    public void Merge_DifferentReportingIntervals_RefusesNamingBoth()
    {
        var first = Run(FirstHalf, 0, new ExecutionSegment(1, 2));
        var second = Run(SecondHalf, 0, new ExecutionSegment(2, 2));
        second = second with { Timeline = [.. second.Timeline.Select(p => p with { Interval = TimeSpan.FromSeconds(5) })] };

        var ex = Assert.Throws<ArgumentException>(() => LoadTestResultMerger.Merge([first, second]));

        Assert.StartsWith("results[1] (segment 2/2) reported every 5 s but results[0] (segment 1/2) every 1 s", ex.Message, StringComparison.Ordinal);
    }

    private static LoadTestResult Run(double[] samples, long errors, ExecutionSegment segment) =>
        SampleResults.Single(samples, errors) with
        {
            Segment = segment,
            Timeline = [SampleResults.Point(0, 1, samples[..4], activeUsers: 1), SampleResults.Point(1, 1, samples[4..], errors, activeUsers: 1)],
        };

    private static string Json(LoadTestResult result) => LoadTestReports.ToJson(result);
}
