using System.Text.Json;

namespace Cortex.LoadTesting.Cli.Tests;

/// <summary>
/// <c>run --target-metrics … --target-pid … --fail-on-leak</c> and <c>--trace</c> against real child processes: one that
/// keeps 1 MiB per request (about 10 MiB/s at 10 requests per second) and one that keeps nothing. The allowed growth,
/// 100 MiB/min, is six times below the leak (about 600 MiB/min) and far above the flat target's noise.
/// </summary>
public sealed class EnduranceRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_TargetKeepsEveryRequest_VerdictLeakAndExit99()
    {
        using var target = await LeakTargetProcess.StartAsync("leak", Ct);
        using var dir = new TempDirectory();

        var (run, endurance) = await RunAsync(dir, target, "leak");

        Assert.True(run.ExitCode == ExitCodes.ThresholdsFailed, run.ToString());
        Assert.Equal("leak", endurance.GetProperty("verdict").GetString());
        Assert.True(endurance.GetProperty("failsRun").GetBoolean());
        var workingSet = endurance.GetProperty("workingSet");
        Assert.True(workingSet.GetProperty("slopeLowPerMinute").GetDouble() > 100 * 1024 * 1024, run.ToString());
        Assert.True(workingSet.GetProperty("rSquared").GetDouble() >= 0.6, run.ToString());
        Assert.True(endurance.GetProperty("gcHeap").GetProperty("slopePerMinute").GetDouble() > 100 * 1024 * 1024, run.ToString());
        Assert.Contains("Endurance: leak: working set +", run.Out, StringComparison.Ordinal);
        Assert.Contains("FAILED: the target leaks memory: ", run.Out, StringComparison.Ordinal);
        Assert.Contains("## Endurance", await File.ReadAllTextAsync(Path.Combine(dir.File("reports"), "leak.md"), Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TargetKeepsNothing_VerdictNoLeakAndExit0()
    {
        using var target = await LeakTargetProcess.StartAsync("flat", Ct);
        using var dir = new TempDirectory();

        var (run, endurance) = await RunAsync(dir, target, "flat");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("noLeak", endurance.GetProperty("verdict").GetString());
        Assert.False(endurance.GetProperty("failsRun").GetBoolean());
        Assert.True(endurance.GetProperty("workingSet").GetProperty("slopeHighPerMinute").GetDouble() <= 100 * 1024 * 1024, run.ToString());
        Assert.True(endurance.GetProperty("samples").GetArrayLength() >= 20, run.ToString());
        Assert.Equal(JsonValueKind.Object, endurance.GetProperty("latencyDrift").ValueKind);
        Assert.Contains("Endurance: no leak: ", run.Out, StringComparison.Ordinal);
        Assert.Contains("  working set: ", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TraceOption_WritesANettraceBesideTheReports()
    {
        using var target = await LeakTargetProcess.StartAsync("flat", Ct);
        using var dir = new TempDirectory();
        var config = dir.Config("traced.json", Config("traced", target, seconds: 4));

        var run = await Cli.RunAsync(Ct, "run", "--config", config, "--out", dir.File("reports"), "--target-pid", target.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "--trace");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var trace = Path.Combine(dir.File("reports"), "traced.nettrace");
        Assert.Contains("Trace: " + trace, run.Out, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(trace, Ct);
        Assert.True(bytes.Length > 1024, $"{bytes.Length} bytes");
        Assert.Equal("Nettrace", System.Text.Encoding.ASCII.GetString(bytes, 0, 8));
    }

    [Fact]
    public async Task Run_TraceWithoutPid_ExitsTwoWithOneLine()
    {
        using var dir = new TempDirectory();
        var config = dir.Config("t.json", Configs.Delay("t", seconds: 0.2, delayMs: 5));

        var run = await Cli.RunAsync(Ct, "run", "--config", config, "--out", dir.File("reports"), "--trace");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--trace needs --target-pid", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--target-metrics", "ftp://x/metrics", "--target-metrics 'ftp://x/metrics' must be an absolute http:// or https:// URL.")]
    [InlineData("--target-pid", "abc", "--target-pid must be a process id, a whole number > 0 (was 'abc').")]
    [InlineData("--sample-interval", "soon", "--sample-interval must be a duration such as 500ms, 30s or 5m (was 'soon').")]
    [InlineData("--max-growth", "-1", "--max-growth must be a number of MiB per minute > 0 (was '-1').")]
    public async Task Run_BadMonitorOption_ExitsTwoWithOneLine(string option, string value, string message)
    {
        using var dir = new TempDirectory();
        var config = dir.Config("t.json", Configs.Delay("t", seconds: 0.2, delayMs: 5));

        var run = await Cli.RunAsync(Ct, "run", "--config", config, "--out", dir.File("reports"), option, value);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    private static async Task<(CliOutcome Run, JsonElement Endurance)> RunAsync(TempDirectory dir, LeakTargetProcess target, string name)
    {
        var config = dir.Config(name + ".json", Config(name, target, seconds: 12));
        var run = await Cli.RunAsync(
            Ct,
            "run", "--config", config, "--out", dir.File("reports"),
            "--target-metrics", new Uri(target.Url, "/metrics").AbsoluteUri,
            "--target-pid", target.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--sample-interval", "250ms", "--warm-up", "4s", "--max-growth", "100", "--fail-on-leak");
        var json = await File.ReadAllTextAsync(Path.Combine(dir.File("reports"), name + ".json"), Ct);
        using var document = JsonDocument.Parse(json);
        return (run, document.RootElement.GetProperty("endurance").Clone());
    }

    private static string Config(string name, LeakTargetProcess target, int seconds) => $$"""
        {
          "testName": "{{name}}", "executor": "constant-arrival-rate", "rate": 10, "duration": {{seconds}},
          "preAllocatedUsers": 5, "maxUsers": 20, "gracefulStop": 5,
          "scenarios": [ { "name": "work", "steps": [ { "name": "get", "type": "http", "parameters": { "url": "{{new Uri(target.Url, "/work").AbsoluteUri}}" } } ] } ]
        }
        """;
}
