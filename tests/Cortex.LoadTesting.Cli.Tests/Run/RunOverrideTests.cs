using Cortex.LoadTesting.Reports;

namespace Cortex.LoadTesting.Cli.Tests;

public sealed class RunOverrideTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_DurationAndVus_OverrideTheFile()
    {
        using var dir = new TempDirectory();
        var config = dir.Config("long.json", Configs.Delay("long", seconds: 600, delayMs: 5, users: 2));

        var run = await Cli.RunAsync(Ct, "run", "--config", config, "--duration", "500ms", "--vus", "3", "--out", dir.File("out"), "--format", "json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var result = LoadTestReports.FromJson(await File.ReadAllTextAsync(dir.File("out/long.json"), Ct));
        Assert.InRange(result.Duration.TotalSeconds, 0.5, 30);
        Assert.Equal(3, result.PeakActiveUsers);
    }

    [Theory]
    [InlineData("--duration", "soon", "--duration must be a duration > 0 such as 30s, 5m, 1h30m, 00:01:30 or a number of seconds (was 'soon')")]
    [InlineData("--duration", "0s", "--duration must be a duration > 0")]
    [InlineData("--vus", "2.5", "--vus must be a whole number of virtual users from 1 to 1,000,000 (was '2.5')")]
    [InlineData("--rate", "fast", "--rate must be iterations per second, > 0 (was 'fast')")]
    [InlineData("--rate", "10", "--rate applies to constant-arrival-rate; this test is constant-vus: use --vus")]
    public async Task Run_BadOverride_ExitCode2NamingIt(string option, string value, string problem)
    {
        using var dir = new TempDirectory();
        var config = dir.Config("t.json", Configs.Delay("t", seconds: 600, delayMs: 5));

        var run = await Cli.RunAsync(Ct, "run", "--config", config, option, value, "--out", dir.File("out"));

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains(problem, run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public async Task Run_DurationOnARampingPreset_ExitCode2PointingToTheFactor()
    {
        var run = await Cli.RunAsync(Ct, "run", "--preset", "stress", "--target", "http://127.0.0.1:1/", "--duration", "30s");

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains("--duration applies to constant models; this test is ramping-arrival-rate, whose length is its stages: use --duration-factor", run.Error, StringComparison.Ordinal);
    }
}
