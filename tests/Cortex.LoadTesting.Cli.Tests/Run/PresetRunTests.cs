using Cortex.LoadTesting.Reports;

namespace Cortex.LoadTesting.Cli.Tests;

/// <summary>Presets against a real Kestrel server on loopback, scaled to about a second.</summary>
public sealed class PresetRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_SmokePresetAgainstPageThatAnswers200_ExitsZero()
    {
        await using var server = await LoopbackServer.StartAsync(Ct);
        using var dir = new TempDirectory();

        var run = await Cli.RunAsync(Ct, "run", "--preset", "smoke", "--target", new Uri(server.BaseUri, "ok").AbsoluteUri, "--duration-factor", "0.02", "--out", dir.File("reports"));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var result = LoadTestReports.FromJson(await File.ReadAllTextAsync(dir.File("reports/smoke.json"), Ct));
        Assert.Equal("smoke", result.TestName);
        Assert.True(result.Requests.Count > 0);
        Assert.Equal(0, result.Requests.Errors);
        Assert.Equal(3, result.Thresholds.Count);
        Assert.InRange(result.Duration, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Run_SmokePresetAgainstMissingPage_ExitCode99WithHttp404Errors()
    {
        await using var server = await LoopbackServer.StartAsync(Ct);
        using var dir = new TempDirectory();

        var run = await Cli.RunAsync(Ct, "run", "--preset", "smoke", "--target", new Uri(server.BaseUri, "missing").AbsoluteUri, "--duration-factor", "0.02", "--load-factor", "0.4", "--out", dir.File("reports"));

        Assert.True(run.ExitCode == ExitCodes.ThresholdsFailed, run.ToString());
        var result = LoadTestReports.FromJson(await File.ReadAllTextAsync(dir.File("reports/smoke.json"), Ct));
        Assert.Equal(2, result.PeakActiveUsers);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("http_404", (int?)404), (error.ErrorType, error.StatusCode));
        Assert.Equal(result.Requests.Count, result.Requests.Errors);
        Assert.Contains("http_404", run.Out, StringComparison.Ordinal);
        Assert.Contains("FAILED: 1 of 3 thresholds failed: rate<=0.01 observed 1", run.Out, StringComparison.Ordinal);
    }
}
