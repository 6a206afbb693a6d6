using System.Diagnostics;
using Cortex.Abstractions.Steps;
using Cortex.LoadTesting.Analysis;
using Cortex.LoadTesting.Reports;
using Cortex.LoadTesting.Tests.Support;

namespace Cortex.LoadTesting.Tests.Execution;

/// <summary>The engine, the analysis and the reports together, on real runs.</summary>
[Collection(RealTimeTests.Name)]
public sealed class EndToEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Breakpoint_StepWithHardCapacity_MaxSustainableRateWithin15PercentOfTheCapacity()
    {
        // 8 slots held about 50 ms each: the system serves about 160 requests a second and queues the rest. The slow
        // scale keeps a busy CI machine's scheduling noise (tens of milliseconds) small against the threshold.
        using var slots = new SemaphoreSlim(8);
        long heldTicks = 0, held = 0;
        var handler = new TestStepHandler("capacity", async (_, ct) =>
        {
            await slots.WaitAsync(ct);
            var start = Stopwatch.GetTimestamp();
            try
            {
                await Task.Delay(50, ct);
            }
            finally
            {
                Interlocked.Add(ref heldTicks, Stopwatch.GetTimestamp() - start);
                Interlocked.Increment(ref held);
                slots.Release();
            }

            return StepResult.Success;
        });
        var options = Plans.Options(LoadModel.RampingArrivalRate, Plans.Scenario("s", ("call", "capacity")));
        options.StartTarget = 40;
        foreach (var level in new[] { 40, 80, 110, 130, 150, 170, 190, 220, 260 })
        {
            options.Stages.Add(new LoadStage(TimeSpan.FromMilliseconds(50), level));
            options.Stages.Add(new LoadStage(TimeSpan.FromMilliseconds(950), level));
        }

        options.ReportingInterval = TimeSpan.FromMilliseconds(200);
        options.PreAllocatedUsers = 50;
        options.MaxUsers = 1000;
        options.Thresholds.Add(new ThresholdOptions { Expression = "p(95)<150", AbortOnFail = true, DelayAbortEvaluation = TimeSpan.FromSeconds(2) });

        var result = await new LoadTestFramework(options, [handler]).ExecuteAsync(Ct);

        var capacity = 8 / (TimeSpan.FromTicks(heldTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency / held).TotalSeconds);
        var breakpoint = Assert.IsType<BreakpointAnalysis>(result.Breakpoint);
        Assert.Equal("iterations/s", breakpoint.LoadUnit);
        Assert.NotNull(breakpoint.MaxSustainableLoad);
        TestContext.Current.TestOutputHelper?.WriteLine($"capacity {capacity:0.0}/s: max sustainable {breakpoint.MaxSustainableLoad:0.0}/s ({(breakpoint.MaxSustainableLoad.Value / capacity - 1) * 100:+0.0;-0.0} %), breaking {breakpoint.BreakingLoad:0.0}/s");
        Assert.InRange(breakpoint.MaxSustainableLoad.Value, capacity * 0.85, capacity * 1.15);
        Assert.True(breakpoint.BreakingLoad > breakpoint.MaxSustainableLoad);
        Assert.NotEmpty(breakpoint.BrokenBy);
        Assert.Contains(result.Recommendations, r => r.Category == RecommendationCategory.Capacity);
    }

    [Fact]
    public async Task Merge_TwoRealSegmentRuns_EqualsOneRunsCounts()
    {
        static LoadTestOptions Plan(ExecutionSegment segment)
        {
            var o = Plans.Options(LoadModel.ConstantArrivalRate, Plans.Scenario("a", 2, ("x", "noop")), Plans.Scenario("b", 1, ("y", "noop"), ("z", "noop")));
            o.Rate = 200;
            o.Duration = TimeSpan.FromSeconds(1);
            o.Segment = segment;
            o.Thresholds.Add(new ThresholdOptions { Expression = "count>=250" });
            return o;
        }

        var whole = await new LoadTestFramework(Plan(ExecutionSegment.Full), [TestStepHandler.NoOp()]).ExecuteAsync(Ct);
        var parts = await Task.WhenAll(
            new LoadTestFramework(Plan(new ExecutionSegment(1, 2)), [TestStepHandler.NoOp()]).ExecuteAsync(Ct),
            new LoadTestFramework(Plan(new ExecutionSegment(2, 2)), [TestStepHandler.NoOp()]).ExecuteAsync(Ct));

        // Through JSON, as the segments' files would travel between machines.
        var merged = LoadTestResultMerger.Merge([.. parts.Select(p => LoadTestReports.FromJson(LoadTestReports.ToJson(p)))]);

        Assert.Equal(ExecutionSegment.Full, merged.Segment);
        Assert.Equal(whole.Iterations.Started, merged.Iterations.Started);
        Assert.Equal(whole.Requests.Count, merged.Requests.Count);
        Assert.Equal(whole.Scenarios.Select(s => s.Iterations.Count), merged.Scenarios.Select(s => s.Iterations.Count));
        Assert.Equal(whole.Scenarios.SelectMany(s => s.Steps).Select(s => s.Count), merged.Scenarios.SelectMany(s => s.Steps).Select(s => s.Count));
        Assert.False(parts[0].Passed);   // each half alone has about 133 requests...
        Assert.True(merged.Passed);      // ...together more than the 250 the threshold asks for.
    }

    [Fact]
    public async Task Reports_OfARealRun_RoundTripAndRenderOffline()
    {
        var options = Plans.Options(LoadModel.ConstantVus, Plans.Scenario("s", ("x", "noop")));
        options.Duration = TimeSpan.FromSeconds(1);
        options.Thresholds.Add(new ThresholdOptions { Expression = "p(99)<1000" });
        var result = await new LoadTestFramework(options, [TestStepHandler.NoOp()]).ExecuteAsync(Ct);

        var json = LoadTestReports.ToJson(result);
        var html = LoadTestReports.ToHtml(result);

        Assert.Equal(json, LoadTestReports.ToJson(LoadTestReports.FromJson(json)));
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.True(html.Split("<svg").Length - 1 >= 4);
        Assert.Equal(result.Timeline.Count + 1, LoadTestReports.ToCsv(result).TrimEnd().Split('\n').Length);
    }
}
