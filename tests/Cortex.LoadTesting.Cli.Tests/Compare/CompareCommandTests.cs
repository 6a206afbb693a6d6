namespace Cortex.LoadTesting.Cli.Tests;

public sealed class CompareCommandTests(RecordedRuns runs)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Compare_LatencyManyTimesTheBaseline_ExitCode1AndCritical()
    {
        var compare = await Cli.RunAsync(Ct, "compare", runs.FastPath, runs.SlowPath);

        Assert.True(compare.ExitCode == ExitCodes.Failure, compare.ToString());
        Assert.Contains("verdict: regressed (critical): ", compare.Out, StringComparison.Ordinal);
        Assert.Matches(@"requests\s*│\s*p95\s*│[^\n]*│\s*critical\s*│", compare.Out);
        Assert.Contains("REGRESSED: critical, at or above --fail-on minor", compare.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_SameRun_ExitsZero()
    {
        var compare = await Cli.RunAsync(Ct, "compare", runs.FastPath, runs.FastPath);

        Assert.True(compare.ExitCode == ExitCodes.Success, compare.ToString());
        Assert.Contains("verdict: no regression", compare.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_CurrentFasterThanBaseline_ExitsZero()
    {
        var compare = await Cli.RunAsync(Ct, "compare", runs.SlowPath, runs.FastPath, "--fail-on", "minor");

        Assert.True(compare.ExitCode == ExitCodes.Success, compare.ToString());
        Assert.Contains("OK: no regression at or above --fail-on minor", compare.Out, StringComparison.Ordinal);
        Assert.Matches(@"requests\s*│\s*p95\s*│[^\n]*│\s*-\d+\.\d%\s*│\s*improved\s*│", compare.Out);
        Assert.DoesNotMatch(@"checkout/", compare.Out);
    }

    [Fact]
    public async Task Compare_NoiseAboveTheChange_ExitsZero()
    {
        var compare = await Cli.RunAsync(Ct, "compare", runs.FastPath, runs.SlowPath, "--noise", "100000");

        Assert.True(compare.ExitCode == ExitCodes.Success, compare.ToString());
        Assert.Contains("noise", compare.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_NotAResult_ExitCode2NamingTheFile()
    {
        using var dir = new TempDirectory();
        var broken = dir.Config("broken.json", """{ "testName": 5 """);

        var compare = await Cli.RunAsync(Ct, "compare", runs.FastPath, broken);

        Assert.True(compare.ExitCode == ExitCodes.BadInput, compare.ToString());
        Assert.Contains($"'{broken}' is not a load test result: The load test result JSON is invalid at", compare.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--fail-on", "severe", "'severe'")]
    [InlineData("--noise", "-1", "--noise must be a percentage >= 0")]
    public async Task Compare_BadOption_ExitCode2(string option, string value, string problem)
    {
        var compare = await Cli.RunAsync(Ct, "compare", runs.FastPath, runs.SlowPath, option, value);

        Assert.True(compare.ExitCode == ExitCodes.BadInput, compare.ToString());
        Assert.Contains(problem, compare.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_MissingFile_ExitCode2()
    {
        var compare = await Cli.RunAsync(Ct, "compare", runs.FastPath, "/nonexistent/current.json");

        Assert.True(compare.ExitCode == ExitCodes.BadInput, compare.ToString());
        Assert.Contains("'/nonexistent/current.json' does not exist", compare.Error, StringComparison.Ordinal);
    }
}
