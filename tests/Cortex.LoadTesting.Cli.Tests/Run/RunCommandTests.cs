using System.Diagnostics;
using Cortex.LoadTesting.Reports;
using Cortex.LoadTesting.Results;

namespace Cortex.LoadTesting.Cli.Tests;

public sealed class RunCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_ConfigWithPassingThresholds_ExitsZeroAndWritesEveryReport()
    {
        using var dir = new TempDirectory();
        var config = dir.Config("ok.json", Configs.Delay("delay-ok", seconds: 0.75, delayMs: 5, thresholds: """[ "p(95)<1000" ]"""));
        var reports = dir.File("reports");

        var run = await Cli.RunAsync(Ct, "run", "--config", config, "--out", reports, "--format", "json,md,html,junit,csv");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        foreach (var extension in new[] { ".json", ".md", ".html", ".junit.xml", ".csv" })
        {
            var path = Path.Combine(reports, "delay-ok" + extension);
            Assert.True(File.Exists(path), path);
            Assert.Contains(path, run.Out, StringComparison.Ordinal);
        }

        Assert.Contains("PASSED: the one threshold held", run.Out, StringComparison.Ordinal);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task Run_OutputNotATerminal_PrintsOnePlainLinePerInterval()
    {
        using var dir = new TempDirectory();
        var config = dir.Config("ok.json", Configs.Delay("plain", seconds: 0.8, delayMs: 5, thresholds: """[ "p(95)<1000", "rate<0.01" ]"""));

        var run = await Cli.RunAsync(Ct, "run", "--config", config, "--out", dir.File("reports"));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var lines = run.Out.Split('\n').Where(l => l.StartsWith('[')).ToList();
        Assert.InRange(lines.Count, 3, 5);
        Assert.All(lines, l => Assert.Matches(@"^\[\d\.\ds/0\.8s\] [\d,]+ req  \d+\.\d req/s  p95 [\d.]+ ms  errors 0\.00%  thresholds 2/2 ok$", l.TrimEnd('\r')));
        Assert.DoesNotContain('\u001b', run.Out);
    }

    [Fact]
    public async Task Run_QuietOption_PrintsOnlyTheVerdict()
    {
        using var dir = new TempDirectory();
        var config = dir.Config("ok.json", Configs.Delay("quiet", seconds: 0.5, delayMs: 5, thresholds: """[ "p(95)<1000" ]"""));

        var run = await Cli.RunAsync(Ct, "run", "--config", config, "--out", dir.File("reports"), "--quiet");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("PASSED: the one threshold held", run.Out.Trim());
    }

    [Fact]
    public async Task Run_ThresholdAbortFires_ExitCode99AndReportsStillWritten()
    {
        using var dir = new TempDirectory();
        var thresholds = """[ { "expression": "p(95)<1", "abortOnFail": true, "delayAbortEval": 0.5 } ]""";
        var config = dir.Config("abort.json", Configs.Delay("abort", seconds: 30, delayMs: 20, thresholds: thresholds));
        var reports = dir.File("reports");
        var clock = Stopwatch.StartNew();

        var run = await Cli.RunAsync(Ct, "run", "--config", config, "--out", reports);

        Assert.True(run.ExitCode == ExitCodes.ThresholdsFailed, run.ToString());
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        var result = LoadTestReports.FromJson(await File.ReadAllTextAsync(Path.Combine(reports, "abort.json"), Ct));
        Assert.Equal(LoadTestStatus.Aborted, result.Status);
        Assert.True(Assert.Single(result.Thresholds).CausedAbort);
        Assert.True(File.Exists(Path.Combine(reports, "abort.html")));
        Assert.Contains("aborted: threshold p(95)<1 failed", run.Out, StringComparison.Ordinal);
        Assert.Contains("FAIL (aborted the run)", run.Out, StringComparison.Ordinal);
        Assert.Contains("FAILED: the one threshold failed: p(95)<1 observed", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CancelledMidRun_StopsGracefullyWritesReportsAndJudgesWhatRan()
    {
        using var dir = new TempDirectory();
        var config = dir.Config("long.json", Configs.Delay("long", seconds: 30, delayMs: 5, thresholds: """[ "p(95)<1000" ]"""));
        var reports = dir.File("reports");
        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        ctrlC.CancelAfter(TimeSpan.FromSeconds(0.8));
        var clock = Stopwatch.StartNew();

        var run = await Cli.RunAsync(ctrlC.Token, "run", "--config", config, "--out", reports);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        var result = LoadTestReports.FromJson(await File.ReadAllTextAsync(Path.Combine(reports, "long.json"), Ct));
        Assert.Equal(LoadTestStatus.Stopped, result.Status);
        Assert.True(result.Requests.Count > 0);
        Assert.Contains("stopping (Ctrl+C)", run.Out, StringComparison.Ordinal);
        Assert.Contains("stopped by Ctrl+C", run.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(reports, "long.md")));
    }

    [Fact]
    public async Task Run_InvalidConfig_ExitCode2WithEveryErrorByJsonPath()
    {
        using var dir = new TempDirectory();
        var config = dir.Config("bad.json", """
            { "duration": -1,
              "scenarios": [ { "name": "s", "weight": 0, "steps": [ { "name": "w", "type": "delay", "parameters": { "duration": 1 } } ] } ] }
            """);

        var run = await Cli.RunAsync(Ct, "run", "--config", config, "--out", dir.File("reports"));

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains("scenarios[0].weight must be > 0", run.Error, StringComparison.Ordinal);
        Assert.Contains("duration must be > 0", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("reports")));
    }

    [Fact]
    public async Task Run_UnknownStepType_ExitCode2NamingTheRegisteredOnes()
    {
        using var dir = new TempDirectory();
        var config = dir.Config("bad.json", """{ "scenarios": [ { "name": "s", "steps": [ { "name": "q", "type": "qdrant_search" } ] } ] }""");

        var run = await Cli.RunAsync(Ct, "run", "--config", config);

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains("scenarios[0].steps[0].type 'qdrant_search'", run.Error, StringComparison.Ordinal);
        Assert.Contains("registered: delay, http", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingConfigFile_ExitCode2()
    {
        var run = await Cli.RunAsync(Ct, "run", "--config", "/nonexistent/cortex-load.json");

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains("--config '/nonexistent/cortex-load.json' does not exist", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", "pass --config <file> or --preset")]
    [InlineData("run --config a.json --preset smoke --target http://127.0.0.1:1/", "--config and --preset cannot be used together")]
    [InlineData("run --preset smoke", "--preset needs --target")]
    [InlineData("run --preset soak --target http://127.0.0.1:1/", "'soak'")]
    [InlineData("run --preset smoke --target ftp://127.0.0.1/", "--target 'ftp://127.0.0.1/' must be an absolute http:// or https:// URL")]
    [InlineData("run --preset smoke --target http://127.0.0.1:1/ --duration-factor 0", "--duration-factor must be a number > 0")]
    [InlineData("run --config a.json --duration-factor 0.5", "--duration-factor applies to --preset only")]
    [InlineData("run --config a.json --load-factor 2", "--load-factor applies to --preset only")]
    [InlineData("run --config a.json --segment 3/2", "--segment: Segment '3/2' must be i/n with 1 <= i <= n")]
    [InlineData("run --config a.json --segment half", "--segment: Segment 'half' must be i/n")]
    [InlineData("run --config a.json --format json,pdf", "--format 'pdf' is not a report")]
    [InlineData("run --config a.json --bogus", "--bogus")]
    public async Task Run_BadArguments_ExitCode2WithTheProblem(string commandLine, string problem)
    {
        var run = await Cli.RunAsync(Ct, commandLine.Split(' '));

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains(problem, run.Error, StringComparison.Ordinal);
        Assert.Contains("Run 'cortex-load run --help' for usage.", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Run_InteractiveTerminal_DrawsLiveViewAndEndsWithSummary()
    {
        using var dir = new TempDirectory();
        var config = dir.Config("ok.json", Configs.Delay("live", seconds: 0.75, delayMs: 5, thresholds: """[ "p(95)<1000" ]"""));

        var run = await Cli.RunOnTerminalAsync(Ct, "run", "--config", config, "--out", dir.File("reports"));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("throughput", run.Out, StringComparison.Ordinal);
        Assert.Contains("active users", run.Out, StringComparison.Ordinal);
        Assert.Contains("p(95)<1000 observed", run.Out, StringComparison.Ordinal);
        Assert.Contains("PASSED", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("req/s  p95", run.Out, StringComparison.Ordinal);
    }
}
