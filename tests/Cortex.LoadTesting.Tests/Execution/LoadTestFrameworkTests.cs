using Cortex.Abstractions.Steps;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Tests.Support;

namespace Cortex.LoadTesting.Tests.Execution;

[Collection(RealTimeTests.Name)]
public sealed class LoadTestFrameworkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_ConstantArrivalRate200For10Seconds_Starts2000Iterations()
    {
        var options = Plans.Options(LoadModel.ConstantArrivalRate, Plans.Scenario("s", ("wait", "wait")));
        options.Rate = 200;
        options.Duration = TimeSpan.FromSeconds(10);
        options.ReportingInterval = TimeSpan.FromSeconds(1);
        var handler = new TestStepHandler("wait", static async (_, ct) =>
        {
            await Task.Delay(2, ct);
            return StepResult.Success;
        });

        var result = await new LoadTestFramework(options, [handler]).ExecuteAsync(Ct);

        Assert.InRange(result.Iterations.Started, 1960, 2040);
        Assert.Equal(0, result.Iterations.Dropped);
        Assert.Equal(result.Iterations.Started, result.Requests.Count);
        Assert.Equal(LoadTestStatus.Completed, result.Status);
        Assert.InRange(result.Timeline.Count, 10, 11);
    }

    [Fact]
    public async Task ExecuteAsync_PacedClosedModelWithOneStall_CorrectsLatencyForCoordinatedOmission()
    {
        var scenario = Plans.Scenario("s", ("call", "stall-once"));
        scenario.Pacing = TimeSpan.FromMilliseconds(10);   // 100 iterations per second
        var options = Plans.Options(LoadModel.ConstantVus, scenario);
        options.ConcurrentUsers = 1;
        options.Duration = TimeSpan.FromSeconds(5);
        var calls = 0;
        var handler = new TestStepHandler("stall-once", async (_, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 100)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }

            return StepResult.Success;
        });

        var result = await new LoadTestFramework(options, [handler]).ExecuteAsync(Ct);

        Assert.True(result.Requests.Latency.P99 >= 500, $"corrected p99 {result.Requests.Latency.P99} ms");
        Assert.True(result.Requests.ServiceTime.P99 < 50, $"service p99 {result.Requests.ServiceTime.P99} ms");
        Assert.True(result.Requests.ServiceTime.Max >= 900, $"service max {result.Requests.ServiceTime.Max} ms");   // the stall itself
    }

    [Fact]
    public async Task ExecuteAsync_OpenModelWhenEveryUserIsBusy_DropsArrivalsInsteadOfDelayingThem()
    {
        var options = Plans.Options(LoadModel.ConstantArrivalRate, Plans.Scenario("s", ("call", "stall-once")));
        options.Rate = 100;
        options.Duration = TimeSpan.FromSeconds(3);
        options.PreAllocatedUsers = 1;
        options.MaxUsers = 1;
        var calls = 0;
        var stall = TimeSpan.Zero;
        var handler = new TestStepHandler("stall-once", async (_, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 50)
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                stall = watch.Elapsed;
            }

            return StepResult.Success;
        });

        var result = await new LoadTestFramework(options, [handler]).ExecuteAsync(Ct);

        // Every arrival due while the only user was stalled is dropped (about 100 a second of stall), not queued and
        // fired later; and the user goes on taking arrivals after its stall. On a loaded machine other iterations
        // are delayed too and drop a few more (150 with a load average of 36 on 2 cores), so the count of drops is
        // bounded below by the stall, and above by the arrivals the user took after it.
        var expected = stall.TotalSeconds * 100;
        Assert.True(result.Iterations.Dropped >= expected - 15, $"{result.Iterations.Dropped} dropped during a stall of {stall.TotalMilliseconds:0} ms");
        Assert.True(Volatile.Read(ref calls) >= 50 + 50, $"only {calls - 50} arrivals were taken in the 1.5 s after the stall");
        Assert.Equal(300, result.Iterations.Started + result.Iterations.Dropped);
        Assert.Equal(1, result.PeakActiveUsers);

        // Arrivals queued behind the stall would start up to a whole stall late; scheduling on a loaded machine delays
        // some by far less (p99 500 ms at a load average of 27, 20 ms on a quiet one).
        Assert.True(result.Requests.Latency.P99 < stall.TotalMilliseconds * 0.75, $"started iterations were delayed: p99 {result.Requests.Latency.P99} ms after a stall of {stall.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task ExecuteAsync_ArrivalRate10000PerSecond_TargetGetsEachStartedArrivalNoEarlierThanItsTimeInTheWeightedShares()
    {
        const int planned = 10_000;
        var options = Plans.Options(LoadModel.ConstantArrivalRate, Plans.Scenario("a", 70, ("x", "a")), Plans.Scenario("b", 20, ("x", "b")), Plans.Scenario("c", 10, ("x", "c")));
        options.Rate = planned;
        options.Duration = TimeSpan.FromSeconds(1);
        var target = new TargetLog(2 * planned);
        var origin = System.Diagnostics.Stopwatch.GetTimestamp();

        var result = await new LoadTestFramework(options, [target.Handler("a"), target.Handler("b"), target.Handler("c")]).ExecuteAsync(Ct);

        // What the target received, not the engine's own counters, is the measure; the engine must agree with it.
        long[] received = [target.CallsOf("a"), target.CallsOf("b"), target.CallsOf("c")];
        Assert.Equal(received, result.Scenarios.Select(s => s.Iterations.Count));
        Assert.Equal(target.Calls, result.Iterations.Started);
        Assert.Equal(planned, target.Calls + result.Iterations.Dropped);
        // A loaded machine stalls the pool now and then and the 100 users run out (10-15% dropped on 2 busy cores).
        Assert.True(target.Calls >= planned / 2, $"{result.Iterations.Dropped} arrivals dropped");
        var total = (double)target.Calls;
        Assert.InRange(100 * received[0] / total, 67, 73);
        Assert.InRange(100 * received[1] / total, 17, 23);
        Assert.InRange(100 * received[2] / total, 7, 13);

        // Arrival k is due k/10,000 s after the start and is never handed out before: however late a loaded machine
        // makes some, the (k+1)-th call the target sees cannot come before arrival k's time.
        var times = target.TimesSince(origin);
        var early = Enumerable.Range(0, times.Length).Where(k => times[k] < TimeSpan.FromSeconds((double)k / planned)).ToList();
        Assert.True(early.Count == 0, $"{early.Count} calls before their arrival time, the first: call {early.FirstOrDefault()} at {times[early.FirstOrDefault()].TotalMilliseconds} ms");
    }

    [Fact]
    public async Task ExecuteAsync_ClosedModelWeights_SharesWithinThreePoints()
    {
        var options = Plans.Options(LoadModel.ConstantVus, Plans.Scenario("a", 70, ("x", "noop")), Plans.Scenario("b", 30, ("x", "noop")));
        options.ConcurrentUsers = 4;
        options.Duration = TimeSpan.FromMilliseconds(500);

        var result = await new LoadTestFramework(options, [TestStepHandler.NoOp()]).ExecuteAsync(Ct);

        var total = result.Scenarios.Sum(s => s.Iterations.Count);
        Assert.True(total >= 10_000, $"{total} iterations");
        Assert.InRange(100.0 * result.Scenarios[0].Iterations.Count / total, 67, 73);
    }

    [Fact]
    public async Task ExecuteAsync_ThresholdWithAbortOnFail_AbortsEarlyAndSaysWhich()
    {
        var options = Plans.Options(LoadModel.ConstantVus, Plans.Scenario("s", ("fail", "fail")));
        options.ConcurrentUsers = 2;
        options.Duration = TimeSpan.FromSeconds(30);
        options.Thresholds.Add(new ThresholdOptions { Expression = "rate<0.01", AbortOnFail = true, DelayAbortEvaluation = TimeSpan.FromMilliseconds(500) });
        options.Thresholds.Add(new ThresholdOptions { Expression = "p(95)<60000" });
        var handler = new TestStepHandler("fail", static async (_, ct) =>
        {
            await Task.Delay(5, ct);
            return StepResult.Failed("http_503", 503);
        });

        var result = await new LoadTestFramework(options, [handler]).ExecuteAsync(Ct);

        Assert.Equal(LoadTestStatus.Aborted, result.Status);
        Assert.True(result.Duration < TimeSpan.FromSeconds(10), $"aborted after {result.Duration}");
        Assert.Contains("rate<0.01", result.StopReason, StringComparison.Ordinal);
        var rate = Assert.Single(result.Thresholds, t => t.Expression == "rate<0.01");
        Assert.False(rate.Passed);
        Assert.True(rate.CausedAbort);
        Assert.Equal(1.0, rate.Observed);
        Assert.True(Assert.Single(result.Thresholds, t => t.Expression == "p(95)<60000").Passed);
        Assert.False(result.Passed);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("s", "fail", "http_503", (int?)503), (error.Scenario, error.Step, error.ErrorType, error.StatusCode));
        Assert.Equal(result.Requests.Errors, error.Count);
    }

    [Fact]
    public async Task ExecuteAsync_StepThrows_CountsAnErrorSampleAndCompletes()
    {
        var options = Plans.Options(LoadModel.ConstantVus, Plans.Scenario("s", ("ok", "noop"), ("boom", "boom"), ("never", "noop")));
        options.ConcurrentUsers = 1;
        options.Duration = TimeSpan.FromMilliseconds(300);
        var handler = new TestStepHandler("boom", static (_, _) => throw new InvalidOperationException("broken"));

        var result = await new LoadTestFramework(options, [TestStepHandler.NoOp(), handler]).ExecuteAsync(Ct);

        Assert.Equal(LoadTestStatus.Completed, result.Status);
        var steps = result.Scenarios[0].Steps;
        Assert.True(steps[1].Count > 0);
        Assert.Equal(steps[1].Count, steps[1].Errors);
        Assert.Equal(0, steps[2].Count);   // an iteration stops at its first failed step
        Assert.Equal("exception:InvalidOperationException", Assert.Single(result.Errors).ErrorType);
        Assert.Equal(result.Iterations.Completed, result.Iterations.Failed);
    }

    [Fact]
    public async Task ExecuteAsync_StepExceedsTimeout_CountsATimeout()
    {
        var scenario = Plans.Scenario("s", ("slow", "slow"));
        scenario.Steps[0].Timeout = TimeSpan.FromMilliseconds(50);
        var options = Plans.Options(LoadModel.ConstantVus, scenario);
        options.ConcurrentUsers = 1;
        options.Duration = TimeSpan.FromMilliseconds(400);
        var handler = new TestStepHandler("slow", static async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
            return StepResult.Success;
        });

        var result = await new LoadTestFramework(options, [handler]).ExecuteAsync(Ct);

        Assert.Equal("timeout", Assert.Single(result.Errors).ErrorType);
        Assert.InRange(result.Requests.ServiceTime.Max, 40, 500);   // timers may fire a few milliseconds early
    }

    [Fact]
    public async Task Stop_DuringRun_StopsGracefullyWithWhatRan()
    {
        var options = Plans.Options(LoadModel.ConstantVus, Plans.Scenario("s", ("wait", "delay")));
        options.Scenarios[0].Steps[0] = Plans.Step("wait", "delay", new { duration = 20 });
        options.ConcurrentUsers = 3;
        options.Duration = TimeSpan.FromMinutes(5);
        var framework = new LoadTestFramework(options, [new Cortex.LoadTesting.Steps.DelayStepHandler(TimeProvider.System)]);
        framework.Progress += (_, p) =>
        {
            if (p.Requests > 20)
            {
                framework.Stop();
            }
        };

        var result = await framework.ExecuteAsync(Ct);

        Assert.Equal(LoadTestStatus.Stopped, result.Status);
        Assert.True(result.Requests.Count > 20);
        Assert.Equal(0, result.Requests.Errors);
        Assert.True(result.Duration < TimeSpan.FromSeconds(30));
        Assert.Equal(result.Iterations.Started, result.Iterations.Completed);
    }

    [Fact]
    public async Task ExecuteAsync_CancelledToken_StopsGracefullyAndReturnsResult()
    {
        var options = Plans.Options(LoadModel.ConstantArrivalRate, Plans.Scenario("s", ("x", "noop")));
        options.Rate = 100;
        options.Duration = TimeSpan.FromMinutes(5);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromMilliseconds(600));

        var result = await new LoadTestFramework(options, [TestStepHandler.NoOp()]).ExecuteAsync(cts.Token);

        Assert.Equal(LoadTestStatus.Stopped, result.Status);
        Assert.InRange(result.Iterations.Started, 30, 120);
    }

    [Fact]
    public async Task ExecuteAsync_CalledTwice_Throws()
    {
        var options = Plans.Options(LoadModel.ConstantVus, Plans.Scenario("s", ("x", "noop")));
        options.Duration = TimeSpan.FromMilliseconds(100);
        var framework = new LoadTestFramework(options, [TestStepHandler.NoOp()]);
        await framework.ExecuteAsync(Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => framework.ExecuteAsync(Ct));
    }

    [Fact]
    public async Task ExecuteAsync_RampUp_StartsFewUsersFirstAndAllLater()
    {
        var options = Plans.Options(LoadModel.ConstantVus, Plans.Scenario("s", ("wait", "wait")));
        options.ConcurrentUsers = 20;
        options.RampUpPeriod = TimeSpan.FromSeconds(2);
        options.Duration = TimeSpan.FromSeconds(1);
        var handler = new TestStepHandler("wait", static async (_, ct) =>
        {
            await Task.Delay(10, ct);
            return StepResult.Success;
        });

        var result = await new LoadTestFramework(options, [handler]).ExecuteAsync(Ct);

        var first = result.Timeline[0];
        var steady = result.Timeline.Where(p => p.Elapsed > TimeSpan.FromSeconds(2.2) && p.Elapsed <= TimeSpan.FromSeconds(3)).ToList();
        Assert.InRange(first.TargetLoad, 0, 4);
        Assert.All(steady, p => Assert.Equal(20, p.TargetLoad));
        Assert.True(steady.Average(p => p.Requests) > 3 * first.Requests, $"first {first.Requests}, steady {steady.Average(p => p.Requests)}");
        Assert.Equal(20, result.PeakActiveUsers);
    }

    [Fact]
    public async Task ExecuteAsync_CoolDown_RampsUsersDownAtTheEnd()
    {
        var options = Plans.Options(LoadModel.ConstantVus, Plans.Scenario("s", ("x", "delay")));
        options.Scenarios[0].Steps[0] = Plans.Step("x", "delay", new { duration = 10 });
        options.ConcurrentUsers = 10;
        options.Duration = TimeSpan.FromSeconds(1);
        options.CoolDownPeriod = TimeSpan.FromSeconds(1);

        var result = await new LoadTestFramework(options, [new Cortex.LoadTesting.Steps.DelayStepHandler(TimeProvider.System)]).ExecuteAsync(Ct);

        var steady = result.Timeline.Where(p => p.Elapsed <= TimeSpan.FromSeconds(1)).Average(p => p.Requests);
        var tail = result.Timeline.Where(p => p.Elapsed > TimeSpan.FromSeconds(1.75) && p.Elapsed <= TimeSpan.FromSeconds(2)).Average(p => p.Requests);
        Assert.True(tail < steady / 2, $"steady {steady}, tail {tail}");
        Assert.InRange(result.Duration.TotalSeconds, 1.9, 3);
    }

    [Fact]
    public async Task ExecuteAsync_ThinkTime_PausesBetweenIterations()
    {
        var scenario = Plans.Scenario("s", ("x", "noop"));
        scenario.ThinkTime = ThinkTime.Fixed(TimeSpan.FromMilliseconds(100));
        var options = Plans.Options(LoadModel.ConstantVus, scenario);
        options.ConcurrentUsers = 1;
        options.Duration = TimeSpan.FromSeconds(1);

        var result = await new LoadTestFramework(options, [TestStepHandler.NoOp()]).ExecuteAsync(Ct);

        Assert.InRange(result.Iterations.Completed, 6, 11);
    }

    [Fact]
    public async Task ExecuteAsync_StepThreshold_JudgesOnlyThatStep()
    {
        var options = Plans.Options(LoadModel.ConstantVus, Plans.Scenario("s", ("fast", "noop"), ("slow", "delay")));
        options.Scenarios[0].Steps[1] = Plans.Step("slow", "delay", new { duration = 30 });
        options.ConcurrentUsers = 2;
        options.Duration = TimeSpan.FromMilliseconds(600);
        options.Thresholds.Add(new ThresholdOptions { Expression = "p(95)<20", Step = "slow" });
        options.Thresholds.Add(new ThresholdOptions { Expression = "p(95)<20", Step = "s/fast" });

        var result = await new LoadTestFramework(options, [TestStepHandler.NoOp(), new Cortex.LoadTesting.Steps.DelayStepHandler(TimeProvider.System)]).ExecuteAsync(Ct);

        Assert.False(result.Thresholds[0].Passed);
        Assert.True(result.Thresholds[0].Observed >= 30);
        Assert.True(result.Thresholds[1].Passed);
    }

    [Fact]
    public async Task ExecuteAsync_SloTargets_BecomeThresholdsInMillisecondsAndFractions()
    {
        var options = Plans.Options(LoadModel.ConstantVus, Plans.Scenario("s", ("x", "noop")));
        options.Duration = TimeSpan.FromMilliseconds(300);
        options.SloTargets = new Abstractions.Slo.SloTargets { MaxResponseTimeP95 = TimeSpan.FromSeconds(2), MaxErrorRate = 0.01, MinThroughput = 1e12 };

        var result = await new LoadTestFramework(options, [TestStepHandler.NoOp()]).ExecuteAsync(Ct);

        Assert.Equal(["p(95)<=2000", "rate<=0.01", "throughput>=1000000000000"], result.Thresholds.Select(t => t.Expression));
        Assert.All(result.Thresholds, t => Assert.Equal("slo", t.Source));
        Assert.Equal([true, true, false], result.Thresholds.Select(t => t.Passed));
    }

    [Fact]
    public async Task ExecuteAsync_SegmentsOfAnOpenModel_TogetherStartExactlyTheWholeRun()
    {
        static LoadTestOptions Plan(ExecutionSegment segment)
        {
            var o = Plans.Options(LoadModel.ConstantArrivalRate, Plans.Scenario("a", 3, ("x", "noop")), Plans.Scenario("b", 1, ("x", "noop")));
            o.Rate = 300;
            o.Duration = TimeSpan.FromSeconds(1);
            o.Segment = segment;
            return o;
        }

        var whole = await new LoadTestFramework(Plan(ExecutionSegment.Full), [TestStepHandler.NoOp()]).ExecuteAsync(Ct);
        var first = await new LoadTestFramework(Plan(new ExecutionSegment(1, 2)), [TestStepHandler.NoOp()]).ExecuteAsync(Ct);
        var second = await new LoadTestFramework(Plan(new ExecutionSegment(2, 2)), [TestStepHandler.NoOp()]).ExecuteAsync(Ct);

        Assert.Equal(300, whole.Iterations.Started);
        Assert.Equal(150, first.Iterations.Started);
        Assert.Equal(150, second.Iterations.Started);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(whole.Scenarios[i].Iterations.Count, first.Scenarios[i].Iterations.Count + second.Scenarios[i].Iterations.Count);
        }
    }

    [Fact]
    public async Task ExecuteAsync_SegmentsOfAClosedModel_SplitTheUsers()
    {
        static LoadTestOptions Plan(ExecutionSegment segment)
        {
            var o = Plans.Options(LoadModel.ConstantVus, Plans.Scenario("a", ("x", "delay")));
            o.Scenarios[0].Steps[0] = Plans.Step("x", "delay", new { duration = 50 });
            o.ConcurrentUsers = 5;
            o.Duration = TimeSpan.FromMilliseconds(400);
            o.Segment = segment;
            return o;
        }

        var handlers = new IStepHandler[] { new Cortex.LoadTesting.Steps.DelayStepHandler(TimeProvider.System) };
        var first = await new LoadTestFramework(Plan(new ExecutionSegment(1, 2)), handlers).ExecuteAsync(Ct);
        var second = await new LoadTestFramework(Plan(new ExecutionSegment(2, 2)), handlers).ExecuteAsync(Ct);

        Assert.Equal(3, first.PeakActiveUsers);
        Assert.Equal(2, second.PeakActiveUsers);
    }

    [Fact]
    public async Task Progress_EveryReportingInterval_CarriesTheLatestIntervalAndThresholds()
    {
        var options = Plans.Options(LoadModel.ConstantVus, Plans.Scenario("s", ("x", "noop")));
        options.Duration = TimeSpan.FromSeconds(1);
        options.Thresholds.Add(new ThresholdOptions { Expression = "rate<0.01" });
        var seen = new List<LoadTestProgress>();
        var framework = new LoadTestFramework(options, [TestStepHandler.NoOp()]);
        framework.Progress += (_, p) => seen.Add(p);

        var result = await framework.ExecuteAsync(Ct);

        Assert.InRange(seen.Count, 4, 6);
        Assert.All(seen, p => Assert.True(Assert.Single(p.Thresholds).Passed));
        Assert.Equal(result.Timeline.Count, seen.Count);
        Assert.Equal(result.Requests.Count, seen[^1].Requests);
        Assert.Equal(result.Requests.Count, result.Timeline.Sum(p => p.Requests));
    }

    [Fact]
    public async Task Progress_HandlerThrows_RunGoesOn()
    {
        var options = Plans.Options(LoadModel.ConstantVus, Plans.Scenario("s", ("x", "noop")));
        options.Duration = TimeSpan.FromMilliseconds(600);
        var framework = new LoadTestFramework(options, [TestStepHandler.NoOp()]);
        framework.Progress += (_, _) => throw new InvalidOperationException("subscriber bug");

        var result = await framework.ExecuteAsync(Ct);

        Assert.Equal(LoadTestStatus.Completed, result.Status);
        Assert.True(result.Requests.Count > 0);
    }
}
