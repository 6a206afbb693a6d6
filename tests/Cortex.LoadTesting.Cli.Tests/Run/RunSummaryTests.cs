using Cortex.LoadTesting.Analysis;
using Cortex.LoadTesting.Cli.Run;
using Cortex.LoadTesting.Results;
using Spectre.Console;

namespace Cortex.LoadTesting.Cli.Tests;

public sealed class RunSummaryTests
{
    [Theory]
    [InlineData("10% of requests failed; the most frequent is 'http_503', 100% of those in step 'get'.", "get", "")]
    [InlineData("p95 rose 2.5x from 5 to 10 iterations/s.", "get", " (step 'get')")]
    public void Write_Recommendation_NamesItsStepOnceAtMost(string message, string step, string note)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 400;
        var result = new LoadTestResult
        {
            TestName = "t",
            Requests = new OperationSummary { Name = "requests" },
            Recommendations = [new Recommendation(RecommendationCategory.Errors, message, step)],
        };

        RunSummary.Write(console, result, [], cancelled: false, quiet: false);

        Assert.Contains($"  - [errors] {message}{note}{Environment.NewLine}", writer.ToString(), StringComparison.Ordinal);
    }
}
