using Cortex.LoadTesting.Configuration;
using Cortex.LoadTesting.Reports;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Tests.Execution;
using Cortex.LoadTesting.Tests.Support;

namespace Cortex.LoadTesting.Tests.Thresholds;

/// <summary>Thresholds scoped by step tags (<c>{type:write}</c>, as k6 writes them), over real HTTP against a Kestrel target.</summary>
[Collection(RealTimeTests.Name)]
public sealed class TagThresholdTests
{
    [Fact]
    public async Task ExecuteAsync_TagThreshold_IsJudgedOnTheTaggedStepsTogether()
    {
        await using var target = await HttpTarget.StartAsync(TestContext.Current.CancellationToken);
        var options = LoadTestConfiguration.Parse(Test(target, rate: 20, duration: "2s", """
            { "expression": "count<=50", "step": "write-a" },
            { "expression": "count<=50", "step": "write-b" },
            { "expression": "count<=50", "step": "{type:write}" },
            { "expression": "count>=60", "step": "write-a" },
            { "expression": "count>=60", "step": "write-b" },
            { "expression": "count>=60", "step": "{type:write}" },
            { "expression": "p(95)<700", "step": "write-a" },
            { "expression": "p(95)<700", "step": "{type:write}" },
            { "expression": "count>=1", "step": "{scenario:s,type:read}" }
            """));

        var result = await ScenarioExecutorTests.RunAsync(options);

        var steps = result.Scenarios.Single().Steps.ToDictionary(s => s.Name);
        var writes = steps["write-a"].Count + steps["write-b"].Count;
        Assert.Equal(0, result.Requests.Errors);
        Assert.InRange(steps["write-a"].Count, 30, 40);   // 40 arrivals, a few dropped at most

        // Each write step holds count<=50 and fails count>=60 alone; the two together (about 80) do the reverse.
        // The fast step's p95 holds alone (700 ms leaves room for a loaded machine's scheduling lag, which the
        // corrected latency includes); with the slow step's 1 s requests it fails.
        Assert.Equal([true, true, false, false, false, true, true, false, true], result.Thresholds.Select(t => t.Passed));
        Assert.Equal(writes, result.Thresholds[2].Observed);
        Assert.True(result.Thresholds[7].Observed >= 1000, $"tagged p95 {result.Thresholds[7].Observed} ms");
        Assert.Equal(new Dictionary<string, string> { ["scenario"] = "s", ["type"] = "write", ["speed"] = "slow" }, steps["write-b"].Tags);

        // The scope is in the reports, and survives the JSON a segment's result travels in: judged again, the same.
        Assert.Contains("{type:write}", LoadTestReports.ToMarkdown(result), StringComparison.Ordinal);
        var merged = LoadTestResultMerger.Merge([LoadTestReports.FromJson(LoadTestReports.ToJson(result))]);
        Assert.Equal(result.Thresholds.Select(t => (t.Step, t.Passed, t.Observed)), merged.Thresholds.Select(t => (t.Step, t.Passed, t.Observed)));
    }

    [Fact]
    public async Task ExecuteAsync_TagThresholdWithAbortOnFail_StopsTheRun()
    {
        await using var target = await HttpTarget.StartAsync(TestContext.Current.CancellationToken);
        var options = LoadTestConfiguration.Parse(Test(target, rate: 20, duration: "60s", """
            { "expression": "count<1000000", "step": "write-a", "abortOnFail": true, "delayAbortEval": 0 },
            { "expression": "count<10", "step": "{type:write}", "abortOnFail": true, "delayAbortEval": 0 }
            """));

        var result = await ScenarioExecutorTests.RunAsync(options);

        Assert.Equal(LoadTestStatus.Aborted, result.Status);
        Assert.True(result.Duration < TimeSpan.FromSeconds(30), $"the run lasted {result.Duration.TotalSeconds:0.#} s");
        Assert.Equal([false, true], result.Thresholds.Select(t => t.CausedAbort));
        Assert.Contains("count<10 on {type:write} failed", result.StopReason, StringComparison.Ordinal);
    }

    /// <summary>One scenario at <paramref name="rate"/> arrivals/s: two write steps (the second 1 s slow) and a read, each tagged.</summary>
    private static string Test(HttpTarget target, int rate, string duration, string thresholds) => $$"""
        {
          "testName": "tags",
          "executor": "constant-arrival-rate", "rate": {{rate}}, "duration": "{{duration}}", "preAllocatedUsers": 20, "maxUsers": 100,
          "reportingInterval": 0.5,
          "gracefulStop": 5,
          "scenarios": [ { "name": "s", "steps": [
            { "name": "write-a", "type": "http", "tags": { "type": "write" }, "parameters": { "url": "{{target.Url("a")}}" } },
            { "name": "write-b", "type": "http", "tags": { "type": "write", "speed": "slow" }, "parameters": { "url": "{{target.Url("b?delay=1000")}}" } },
            { "name": "read", "type": "http", "tags": { "type": "read" }, "parameters": { "url": "{{target.Url("r")}}" } }
          ] } ],
          "thresholds": [ {{thresholds}} ]
        }
        """;
}
