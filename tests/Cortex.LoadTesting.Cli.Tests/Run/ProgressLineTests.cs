using Cortex.LoadTesting.Cli.Run;
using Cortex.LoadTesting.Results;

namespace Cortex.LoadTesting.Cli.Tests;

public sealed class ProgressLineTests
{
    [Fact]
    public void Format_TypicalInterval_MatchesTheDocumentedLine()
    {
        var progress = Progress(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60), requests: 1234, errors: 0, throughput: 246.8, p95: 12.3,
            Threshold("p(95)<2000", passed: true), Threshold("rate<0.01", passed: true));

        Assert.Equal("[ 5s/60s] 1,234 req  246.8 req/s  p95 12.3 ms  errors 0.00%  thresholds 2/2 ok", ProgressLine.Format(progress));
    }

    [Fact]
    public void Format_FailingThresholdAndDrops_NamesThem()
    {
        var progress = Progress(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1.2), requests: 200, errors: 3, throughput: 400, p95: 3.25,
            Threshold("p(95)<1", passed: false), Threshold("rate<0.5", passed: true)) with { IterationsDropped = 7 };

        Assert.Equal("[0.5s/1.2s] 200 req  400.0 req/s  p95 3.25 ms  errors 1.50%  dropped 7  thresholds 1/2 ok, failing p(95)<1", ProgressLine.Format(progress));
    }

    [Fact]
    public void Format_NoThresholds_SaysSo()
    {
        var progress = Progress(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), requests: 0, errors: 0, throughput: 0, p95: 0);

        Assert.EndsWith("errors 0.00%  no thresholds", ProgressLine.Format(progress), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(300, 86_460, " 0:05:00/24:01:00")]
    [InlineData(45, 660, " 45s/660s")]
    [InlineData(0.4, 1.2, "0.4s/1.2s")]
    public void Clock_ElapsedAndPlanned_PadsToThePlannedWidth(double elapsed, double planned, string expected) =>
        Assert.Equal(expected, ProgressLine.Clock(TimeSpan.FromSeconds(elapsed), TimeSpan.FromSeconds(planned)));

    [Theory]
    [InlineData(1.5, "1.5s")]
    [InlineData(30, "30s")]
    [InlineData(150, "2m30s")]
    [InlineData(3900, "1h05m")]
    public void Duration_Seconds_ShortForm(double seconds, string expected) =>
        Assert.Equal(expected, ProgressLine.Duration(TimeSpan.FromSeconds(seconds)));

    private static ThresholdResult Threshold(string expression, bool passed) =>
        new() { Expression = expression, Source = "threshold", Passed = passed };

    private static LoadTestProgress Progress(TimeSpan elapsed, TimeSpan planned, long requests, long errors, double throughput, double p95, params ThresholdResult[] thresholds) => new()
    {
        Latest = new TimelinePoint { Elapsed = elapsed, Throughput = throughput },
        Elapsed = elapsed,
        PlannedDuration = planned,
        Requests = requests,
        Errors = errors,
        P95 = p95,
        Thresholds = thresholds,
    };
}
