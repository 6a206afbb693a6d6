using Cortex.LoadTesting.Reports;

namespace Cortex.LoadTesting.Cli.Tests;

/// <summary><c>cortex-load run</c> with scenarios that have executors of their own, and tag thresholds.</summary>
public sealed class ScenarioRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_ScenariosWithTheirOwnExecutors_RunTogetherAndReportEachAndTheTagThreshold()
    {
        await using var target = await LoopbackServer.StartAsync(Ct);
        using var dir = new TempDirectory();
        var config = dir.Config("two.json", Config(target));

        var run = await Cli.RunAsync(Ct, "run", "--config", config, "--out", dir.File("out"), "--format", "json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var result = LoadTestReports.FromJson(await File.ReadAllTextAsync(dir.File("out/two.json"), Ct));
        var api = result.Scenarios.Single(s => s.Name == "api");
        var think = result.Scenarios.Single(s => s.Name == "think");
        Assert.Equal(20, api.Iterations.Count + result.Iterations.Dropped);
        Assert.Equal(target.OkRequests, api.Iterations.Count);
        Assert.InRange(think.Iterations.Count, 1, 12);
        Assert.Contains("{type:api}", run.Out, StringComparison.Ordinal);
        Assert.Contains("completed, constant-arrival-rate (api) + constant-vus (think), segment 1/1", run.Out, StringComparison.Ordinal);
        Assert.Equal([LoadModel.ConstantArrivalRate, LoadModel.ConstantVus], result.Scenarios.Select(s => s.Executor));
        Assert.Equal(api.Iterations.Count, Assert.Single(result.Thresholds).Observed);
    }

    [Theory]
    [InlineData("--vus", "3")]
    [InlineData("--duration", "5s")]
    [InlineData("--rate", "10")]
    public async Task Run_OverrideWithScenariosThatHaveTheirOwnExecutor_ExitCode2SayingWhere(string option, string value)
    {
        await using var target = await LoopbackServer.StartAsync(Ct);
        using var dir = new TempDirectory();
        var config = dir.Config("two.json", Config(target));

        var run = await Cli.RunAsync(Ct, "run", "--config", config, option, value, "--out", dir.File("out"));

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Equal(
            $"cortex-load: {option} cannot be used with scenarios that have their own executor (scenario 'api'): set duration, concurrentUsers or rate on each scenario in the file.",
            run.Error.Trim());
        Assert.Equal(0, target.OkRequests);
    }

    [Fact]
    public async Task Run_DuplicateScenarioNames_ExitCode2WithOneLineNamingTheField()
    {
        using var dir = new TempDirectory();
        var config = dir.Config("dup.json", """
            { "scenarios": [
                { "name": "a", "executor": "constant-vus", "duration": "1s", "steps": [ { "name": "w", "type": "delay", "parameters": { "duration": 1 } } ] },
                { "name": "a", "executor": "constant-arrival-rate", "duration": "1s", "steps": [ { "name": "w", "type": "delay", "parameters": { "duration": 1 } } ] } ] }
            """);

        var run = await Cli.RunAsync(Ct, "run", "--config", config, "--out", dir.File("out"));

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Equal("cortex-load: invalid load test: scenarios[1].name 'a' is used by another scenario", run.Error.Trim());
    }

    /// <summary>"api": 20 arrivals of GET /ok in 1 s (tagged type:api); "think": one user of a 200 ms delay step for 1 s, from 0.2 s on.</summary>
    private static string Config(LoopbackServer target) => $$"""
        {
          "testName": "two",
          "reportingInterval": 0.25,
          "gracefulStop": 5,
          "scenarios": [
            { "name": "api", "executor": "constant-arrival-rate", "rate": 20, "duration": "1s",
              "steps": [ { "name": "ok", "type": "http", "tags": { "type": "api" }, "parameters": { "url": "{{new Uri(target.BaseUri, "ok")}}" } } ] },
            { "name": "think", "executor": "constant-vus", "concurrentUsers": 1, "duration": "1s", "startTime": "200ms",
              "steps": [ { "name": "wait", "type": "delay", "parameters": { "duration": 200 } } ] }
          ],
          "thresholds": [ { "expression": "count>0", "step": "{type:api}" } ]
        }
        """;
}
