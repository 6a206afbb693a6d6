using System.Text.Json;
using Cortex.LoadTesting.Reports;
using Cortex.LoadTesting;

namespace Cortex.Samples.QuickStart.Tests;

/// <summary>The README's first command, shortened: the whole story on embedded servers, as a newcomer runs it.</summary>
public sealed class QuickStartTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"cortex-quickstart-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_ShortSmokeRun_PassesWritesReportsAndJudgesReadiness()
    {
        using var console = new StringWriter();

        var exit = await QuickStartApp.RunAsync(["--duration", "4", "--out", _output], console, TestContext.Current.CancellationToken);

        var text = console.ToString();
        Assert.True(exit == QuickStartApp.Passed, text);
        Assert.Contains("Running the smoke preset", text, StringComparison.Ordinal);
        Assert.Matches(@"\[\s*\d+s/4s\]\s+[\d,]+ req", text);                       // the live progress lines
        Assert.Contains("SLO compliance:", text, StringComparison.Ordinal);
        Assert.Matches(@"ok\s+availability\s+1\s", text);                                 // the load test's operations are what the SLOs judge
        Assert.DoesNotMatch(@"latency-p95\s+no data", text);
        Assert.Matches(@"Readiness: (READY|NOT READY), score \d+(\.\d)?/100", text);

        var result = LoadTestReports.FromJson(await File.ReadAllTextAsync(Path.Combine(_output, "smoke.json"), TestContext.Current.CancellationToken));
        Assert.True(result.Passed);
        Assert.Equal(0, result.Requests.Errors);
        Assert.Equal(["memory-operations", "ai-operations"], result.Scenarios.Select(s => s.Name));
        Assert.All(result.Scenarios.SelectMany(s => s.Steps), s => Assert.True(s.Count > 0, s.Name));

        var html = await File.ReadAllTextAsync(Path.Combine(_output, "smoke.html"), TestContext.Current.CancellationToken);
        Assert.True(html.Split("<svg").Length - 1 >= 4, "the HTML report draws its charts");
        Assert.Contains("<polyline", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);

        using var readiness = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_output, "readiness.json"), TestContext.Current.CancellationToken));
        var score = readiness.RootElement.GetProperty("score").GetDouble();
        Assert.InRange(score, 0, 100);
        Assert.Contains(readiness.RootElement.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "smoke-test" && c.GetProperty("outcome").GetString() == "Pass");
        Assert.Single(Directory.GetFiles(_output, "slo-report-*.html"));
    }

    [Theory]
    [InlineData("--preset", "soak", "--preset must be one of smoke, load, stress, endurance (was 'soak')")]
    [InlineData("--duration", "-1", "--duration needs seconds between 0 and 86400 (was '-1')")]
    [InlineData("--colour", "red", "unknown option '--colour'")]
    public async Task RunAsync_BadOption_ExitsTwoNamingIt(string option, string value, string expected)
    {
        using var console = new StringWriter();

        var exit = await QuickStartApp.RunAsync([option, value], console, TestContext.Current.CancellationToken);

        Assert.Equal(QuickStartApp.BadInput, exit);
        Assert.Contains(expected, console.ToString(), StringComparison.Ordinal);
    }
}
