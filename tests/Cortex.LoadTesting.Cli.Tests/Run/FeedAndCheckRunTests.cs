using Cortex.LoadTesting.Reports;

namespace Cortex.LoadTesting.Cli.Tests;

public sealed class FeedAndCheckRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_ChecksThresholdFails_ExitsThresholdsFailedAndPrintsTheChecks()
    {
        await using var target = await LoopbackServer.StartAsync(Ct);
        using var dir = new TempDirectory();
        File.WriteAllLines(dir.File("ids.csv"), ["id", "1", "2", "3"]);
        var config = dir.Config("checks.json", $$"""
            {
              "testName": "checks",
              "executor": "constant-vus",
              "concurrentUsers": 1,
              "duration": 1,
              "reportingInterval": 0.25,
              "feeds": [ { "name": "ids", "path": "ids.csv" } ],
              "scenarios": [ { "name": "get", "steps": [ { "name": "ok", "type": "http", "parameters": {
                "url": "{{new Uri(target.BaseUri, "ok")}}?id={feed.ids.id}",
                "checks": [ { "status": 200 }, { "name": "says nope", "bodyContains": "nope" } ] } } ] } ],
              "thresholds": [ "checks: rate>0.99" ]
            }
            """);

        var run = await Cli.RunAsync(Ct, "run", "--config", config, "--out", dir.File("reports"), "--format", "json,md");

        Assert.True(run.ExitCode == ExitCodes.ThresholdsFailed, run.ToString());
        Assert.Matches(@"checks\s+50\.00% \([\d,]+ of [\d,]+ passed\)", run.Out);
        Assert.Contains("says nope", run.Out, StringComparison.Ordinal);
        Assert.Contains("FAILED: the one threshold failed: checks: rate>0.99 observed 50%", run.Out, StringComparison.Ordinal);
        var result = LoadTestReports.FromJson(await File.ReadAllTextAsync(dir.File("reports/checks.json"), Ct));
        Assert.Equal(0.5, result.ChecksRate);
        Assert.Equal(0, result.Requests.Errors);
        Assert.Equal(result.Requests.Count, target.OkRequests);
        Assert.Contains("## Checks", await File.ReadAllTextAsync(dir.File("reports/checks.md"), Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FeedFileMissing_ExitCode2WithOneLineNamingIt()
    {
        using var dir = new TempDirectory();
        var config = dir.Config("feed.json", """
            {
              "feeds": [ { "name": "users", "path": "users.csv" } ],
              "scenarios": [ { "name": "s", "steps": [ { "name": "get", "type": "http", "parameters": { "url": "http://127.0.0.1:9/{feed.users.id}" } } ] } ]
            }
            """);

        var run = await Cli.RunAsync(Ct, "run", "--config", config, "--out", dir.File("reports"));

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.EndsWith($"invalid load test: feeds[0] 'users': file '{dir.File("users.csv")}' does not exist", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("reports")));
    }
}
