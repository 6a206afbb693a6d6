namespace Cortex.LoadTesting.Cli.Tests;

public sealed class ReportCommandTests(RecordedRuns runs)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Report_HtmlFormat_WritesPageWithCharts()
    {
        using var dir = new TempDirectory();

        var report = await Cli.RunAsync(Ct, "report", runs.FastPath, "--format", "html", "--out", dir.Path);

        Assert.True(report.ExitCode == ExitCodes.Success, report.ToString());
        var html = await File.ReadAllTextAsync(dir.File("checkout.html"), Ct);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains(dir.File("checkout.html"), report.Out, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task Report_AllFormats_WritesEveryReport()
    {
        using var dir = new TempDirectory();

        var report = await Cli.RunAsync(Ct, "report", runs.FastPath, "--format", "all", "--out", dir.Path);

        Assert.True(report.ExitCode == ExitCodes.Success, report.ToString());
        Assert.Equal(
            ["checkout.csv", "checkout.html", "checkout.json", "checkout.junit.xml", "checkout.md"],
            Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var junit = await File.ReadAllTextAsync(dir.File("checkout.junit.xml"), Ct);
        Assert.Contains("<testsuite name=\"checkout\"", junit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_UnknownFormat_ExitCode2()
    {
        var report = await Cli.RunAsync(Ct, "report", runs.FastPath, "--format", "pdf");

        Assert.True(report.ExitCode == ExitCodes.BadInput, report.ToString());
        Assert.Contains("--format 'pdf' is not a report", report.Error, StringComparison.Ordinal);
    }
}
