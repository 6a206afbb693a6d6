using Cortex.LoadTesting.Reports;

namespace Cortex.LoadTesting.Cli.Tests;

public sealed class DistributedRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_SegmentJobInAnIndexedJobPod_RunsTheSegmentOfItsIndex()
    {
        using var dir = new TempDirectory();
        var config = dir.Config("job.json", Configs.Delay("job", seconds: 0.5, delayMs: 2));
        var pod = new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "2", ["CORTEX_LOAD_SEGMENTS"] = "3" };

        var run = await Cli.RunWithEnvironmentAsync(pod, Ct, "run", "--config", config, "--segment", "job", "--out", dir.File("out"), "--format", "json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var result = LoadTestReports.FromJson(await File.ReadAllTextAsync(dir.File("out/job.json"), Ct));
        Assert.Equal(new ExecutionSegment(3, 3), result.Segment);
    }

    [Theory]
    [InlineData(null, "3", "--segment job: JOB_COMPLETION_INDEX '' must be a whole number from 0 to 2")]
    [InlineData("3", "3", "--segment job: JOB_COMPLETION_INDEX '3' must be a whole number from 0 to 2")]
    [InlineData("0", null, "--segment job: The Job's completion count '' must be a whole number >= 1")]
    public async Task Run_SegmentJobOutsideAnIndexedJob_ExitCode2NamingTheVariable(string? index, string? count, string problem)
    {
        using var dir = new TempDirectory();
        var config = dir.Config("job.json", Configs.Delay("job", seconds: 0.5, delayMs: 2));
        var environment = new Dictionary<string, string>();
        if (index is not null)
        {
            environment["JOB_COMPLETION_INDEX"] = index;
        }

        if (count is not null)
        {
            environment["CORTEX_LOAD_SEGMENTS"] = count;
        }

        var run = await Cli.RunWithEnvironmentAsync(environment, Ct, "run", "--config", config, "--segment", "job", "--out", dir.File("out"));

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains(problem, run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public async Task Run_StartAt_GeneratesNoLoadBeforeThatTime()
    {
        using var dir = new TempDirectory();
        var config = dir.Config("later.json", Configs.Delay("later", seconds: 0.3, delayMs: 2));
        var startAt = TimeProvider.System.GetUtcNow().AddSeconds(1);
        var text = startAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

        var run = await Cli.RunAsync(Ct, "run", "--config", config, "--start-at", text, "--out", dir.File("out"), "--format", "json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains($"segment 1/1: waiting ", run.Out, StringComparison.Ordinal);
        var result = LoadTestReports.FromJson(await File.ReadAllTextAsync(dir.File("out/later.json"), Ct));
        Assert.True(result.StartedAt >= startAt.AddMilliseconds(-20), $"started {result.StartedAt:O}, asked {startAt:O}");
    }

    [Theory]
    [InlineData("tomorrow")]
    [InlineData("2026-12-03T14:00:00")]
    public async Task Run_StartAtNotAUtcTime_ExitCode2(string value)
    {
        var run = await Cli.RunAsync(Ct, "run", "--config", "a.json", "--start-at", value);

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains($"--start-at must be a UTC time such as 2026-12-03T14:00:00Z (was '{value}')", run.Error, StringComparison.Ordinal);
    }
}
