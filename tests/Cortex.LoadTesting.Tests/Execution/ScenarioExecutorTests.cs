using System.Diagnostics;
using Cortex.LoadTesting.Configuration;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Tests.Support;
using Cortex.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.LoadTesting.Tests.Execution;

/// <summary>Scenarios with executors of their own (k6 <c>scenarios</c>), run over real HTTP against a Kestrel target.</summary>
[Collection(RealTimeTests.Name)]
public sealed class ScenarioExecutorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_ArrivalRateAndVirtualUserScenarios_RunAtTheSameTimeEachAtItsOwnLoad()
    {
        await using var target = await HttpTarget.StartAsync(Ct);
        var options = LoadTestConfiguration.Parse($$"""
            {
              "testName": "two-executors",
              "reportingInterval": 0.5,
              "scenarios": {
                "readers": {
                  "executor": "constant-arrival-rate", "rate": 20, "duration": "3s", "preAllocatedUsers": 5, "maxUsers": 50,
                  "steps": [ { "name": "read", "type": "http", "parameters": { "url": "{{target.Url("read")}}" } } ]
                },
                "writers": {
                  "executor": "constant-vus", "concurrentUsers": 2, "duration": "3s", "pacing": "250ms",
                  "steps": [ { "name": "write", "type": "http", "parameters": { "url": "{{target.Url("write")}}" } } ]
                }
              },
              "thresholds": [
                { "expression": "count>0", "step": "{scenario:writers}" },
                { "expression": "count>1000", "step": "{scenario:readers}" }
              ]
            }
            """);
        var origin = Stopwatch.GetTimestamp();

        var result = await RunAsync(options);

        var readers = result.Scenarios.Single(s => s.Name == "readers");
        var writers = result.Scenarios.Single(s => s.Name == "writers");
        Assert.Equal(target.CallsOf("read"), readers.Iterations.Count);
        Assert.Equal(target.CallsOf("write"), writers.Iterations.Count);

        // The open scenario starts exactly its 60 arrivals (an arrival that finds its users busy is dropped, never
        // delayed); the closed one paces 2 users at 4 iterations a second for 3 s, which a loaded machine may slow.
        Assert.Equal(60, readers.Iterations.Count + result.Iterations.Dropped);
        Assert.InRange(writers.Iterations.Count, 14, 26);
        Assert.Equal(0, result.Requests.Errors);

        // Concurrently: both received requests in the same seconds of the run.
        static HashSet<int> Seconds(IEnumerable<TimeSpan> times) => [.. times.Select(t => (int)t.TotalSeconds)];
        var overlap = Seconds(target.TimesSince("read", origin));
        overlap.IntersectWith(Seconds(target.TimesSince("write", origin)));
        Assert.True(overlap.Count >= 2, $"readers and writers shared only seconds [{string.Join(", ", overlap)}]");

        // The planned load of the run is the sum of the executors': 20 arrivals/s and 2 users.
        Assert.Contains(result.Timeline, p => p.TargetLoad == 22);

        // A threshold scoped to a scenario judges that scenario's requests.
        Assert.Equal([true, false], result.Thresholds.Select(t => t.Passed));
        Assert.Equal([(double)writers.Iterations.Count, readers.Iterations.Count], result.Thresholds.Select(t => t.Observed));
        Assert.Null(result.Breakpoint);
    }

    [Fact]
    public async Task ExecuteAsync_ScenarioWithStartTime_StartsItsLoadThatLongAfterTheRun()
    {
        await using var target = await HttpTarget.StartAsync(Ct);
        var options = LoadTestConfiguration.Parse($$"""
            {
              "testName": "offset",
              "reportingInterval": 0.5,
              "scenarios": [
                { "name": "early", "executor": "constant-arrival-rate", "rate": 10, "duration": "3s",
                  "steps": [ { "name": "e", "type": "http", "parameters": { "url": "{{target.Url("early")}}" } } ] },
                { "name": "late", "executor": "constant-arrival-rate", "rate": 10, "duration": "2s", "startTime": "1500ms",
                  "steps": [ { "name": "l", "type": "http", "parameters": { "url": "{{target.Url("late")}}" } } ] }
              ]
            }
            """);
        Assert.Equal(TimeSpan.FromSeconds(3.5), options.PlannedDuration);
        var origin = Stopwatch.GetTimestamp();

        var result = await RunAsync(options);

        var late = target.TimesSince("late", origin);
        var early = target.TimesSince("early", origin);
        Assert.NotEmpty(late);

        // An arrival is never started before its time, so nothing of "late" can reach the target before 1.5 s.
        Assert.True(late[0] >= TimeSpan.FromSeconds(1.5), $"the first 'late' request arrived {late[0].TotalMilliseconds:0} ms after the start");
        Assert.True(early[0] < late[0]);
        Assert.Equal(50, result.Scenarios.Sum(s => s.Iterations.Count) + result.Iterations.Dropped);
        Assert.True(result.Duration >= TimeSpan.FromSeconds(3.4), $"the run lasted {result.Duration.TotalSeconds:0.###} s");
        // The planned load is early's 10/s alone until 1.5 s, then both.
        Assert.All(result.Timeline.Where(p => p.Elapsed < TimeSpan.FromSeconds(1.5)), p => Assert.Equal(10, p.TargetLoad));
        Assert.Contains(result.Timeline, p => p.TargetLoad == 20);
    }

    internal static async Task<LoadTestResult> RunAsync(LoadTestOptions options)
    {
        using var host = TestHosts.Build([], (services, _) => services.AddCortexLoadTesting());
        return await host.Services.GetRequiredService<LoadTestFrameworkFactory>().Create(options).ExecuteAsync(Ct);
    }
}
