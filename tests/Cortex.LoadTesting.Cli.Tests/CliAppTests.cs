namespace Cortex.LoadTesting.Cli.Tests;

public sealed class CliAppTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_Help_ExitsZeroAndListsTheCommands()
    {
        var help = await Cli.RunAsync(Ct, "--help");

        Assert.True(help.ExitCode == ExitCodes.Success, help.ToString());
        foreach (var command in new[] { "run", "compare", "merge", "report" })
        {
            Assert.Matches($@"(?m)^\s+{command}\b", help.Out);
        }
    }

    [Fact]
    public async Task RunAsync_RunHelp_ListsTheOptions()
    {
        var help = await Cli.RunAsync(Ct, "run", "--help");

        Assert.True(help.ExitCode == ExitCodes.Success, help.ToString());
        foreach (var option in new[] { "--config", "--preset", "--target", "--duration-factor", "--load-factor", "--segment", "--out", "--format", "--no-live", "--quiet" })
        {
            Assert.Contains(option, help.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RunAsync_NoCommand_ExitCode2()
    {
        var none = await Cli.RunAsync(Ct);

        Assert.True(none.ExitCode == ExitCodes.BadInput, none.ToString());
        Assert.Contains("Run 'cortex-load --help' for usage.", none.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--duration-factor", "abc", "run", "--preset", "smoke", "--target", "http://127.0.0.1:1/")]
    [InlineData("--load-factor", "1,5", "run", "--preset", "smoke", "--target", "http://127.0.0.1:1/")]
    [InlineData("--noise", "x", "compare", "a.json", "b.json")]
    [InlineData("--noise", "-1", "compare", "a.json", "b.json")]
    public async Task RunAsync_BadNumberOption_ExitCode2WithOneLineNamingIt(string option, string value, params string[] command)
    {
        var bad = await Cli.RunAsync(Ct, [.. command, option, value]);

        Assert.True(bad.ExitCode == ExitCodes.BadInput, bad.ToString());
        var problems = bad.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("cortex-load: ", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(problems);
        Assert.Contains($"{option} must be", line, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", line, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", bad.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestStop_SecondRequest_LetsTheProcessEnd()
    {
        using var stop = new CancellationTokenSource();

        Assert.True(CliApp.RequestStop(stop));
        Assert.True(stop.IsCancellationRequested);
        Assert.False(CliApp.RequestStop(stop));
    }
}
