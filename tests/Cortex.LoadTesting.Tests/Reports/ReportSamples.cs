using Cortex.LoadTesting.Analysis;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Tests.Support;

namespace Cortex.LoadTesting.Tests.Reports;

/// <summary>A result with something in every part, so each report has everything to show.</summary>
internal static class ReportSamples
{
    public static LoadTestResult Full(string testName = "checkout")
    {
        double[] first = [10, 12, 14, 200];
        double[] second = [11, 13, 500];
        var result = SampleResults.Single([.. first, .. second], errors: 2) with
        {
            TestName = testName,
            Model = LoadModel.RampingArrivalRate,
            Segment = new ExecutionSegment(2, 3),
            Status = LoadTestStatus.Aborted,
            StopReason = "threshold p(95)<100 failed",
            PeakActiveUsers = 4,
            Errors = [new ErrorSummary("s", "step", "http_503", 503, 2)],
            Timeline = [SampleResults.Point(0, 2, first, errors: 1, activeUsers: 2), SampleResults.Point(1, 4, second, errors: 1, activeUsers: 4)],
            Breakpoint = new BreakpointAnalysis
            {
                LoadUnit = "iterations/s",
                Levels =
                [
                    new LoadLevel { TargetLoad = 5, Duration = TimeSpan.FromSeconds(1), Requests = 4, Throughput = 4, IterationRate = 4, P95 = 200, P99 = 200, Passed = true },
                    new LoadLevel { TargetLoad = 10, Duration = TimeSpan.FromSeconds(1), Requests = 3, Throughput = 3, IterationRate = 3, ErrorRate = 0.33, P95 = 500, P99 = 500, Failures = ["p(95)<100 observed 500"] },
                ],
                MaxSustainableLoad = 5,
                MaxSustainableThroughput = 4,
                BreakingLoad = 10,
                BrokenBy = ["p(95)<100"],
                DegradationPoints = [new DegradationPoint(5, 10, 200, 500), new DegradationPoint(0, 5, 0, 200)],
            },
            Recommendations = [new Recommendation(RecommendationCategory.Latency, "p95 rose 2.5x from 5 to 10 iterations/s.", "step")],
        };
        return SampleResults.Judged(result, "p(95)<100", "rate<0.5");
    }
}
