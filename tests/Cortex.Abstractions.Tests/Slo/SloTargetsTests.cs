using Cortex.Abstractions.Slo;

namespace Cortex.Abstractions.Tests.Slo;

public sealed class SloTargetsTests
{
    private static LatencySummary Summary(long count, long errors, double seconds, int p95Ms, int p99Ms) => new()
    {
        Count = count,
        ErrorCount = errors,
        Period = TimeSpan.FromSeconds(seconds),
        P95 = TimeSpan.FromMilliseconds(p95Ms),
        P99 = TimeSpan.FromMilliseconds(p99Ms),
    };

    [Fact]
    public void Evaluate_OnlySetTargets_AreChecked()
    {
        var targets = new SloTargets { MaxResponseTimeP95 = TimeSpan.FromSeconds(2) };

        var checks = targets.Evaluate(Summary(100, 0, 10, 1500, 9000));

        var check = Assert.Single(checks);
        Assert.Equal(SloMetric.ResponseTimeP95, check.Metric);
        Assert.Equal(1500, check.Observed);
        Assert.Equal(2000, check.Target);
        Assert.True(check.Passed);
    }

    [Fact]
    public void Evaluate_EveryTargetBroken_EachCheckFailsWithObservedValue()
    {
        var targets = new SloTargets
        {
            MaxResponseTimeP95 = TimeSpan.FromMilliseconds(100),
            MaxResponseTimeP99 = TimeSpan.FromMilliseconds(200),
            MaxErrorRate = 0.01,
            MinThroughput = 50,
            MinAvailability = 0.999,
        };

        var checks = targets.Evaluate(Summary(count: 200, errors: 10, seconds: 10, p95Ms: 150, p99Ms: 250));

        Assert.All(checks, c => Assert.False(c.Passed));
        Assert.Equal(0.05, checks.Single(c => c.Metric == SloMetric.ErrorRate).Observed, 10);
        Assert.Equal(20, checks.Single(c => c.Metric == SloMetric.Throughput).Observed, 10);
        Assert.Equal(0.95, checks.Single(c => c.Metric == SloMetric.Availability).Observed, 10);
        Assert.Equal(250, checks.Single(c => c.Metric == SloMetric.ResponseTimeP99).Observed);
    }

    [Fact]
    public void Evaluate_AtTheBoundary_Passes()
    {
        var targets = new SloTargets { MaxErrorRate = 0.1, MinThroughput = 10 };

        var checks = targets.Evaluate(Summary(count: 100, errors: 10, seconds: 10, p95Ms: 1, p99Ms: 1));

        Assert.All(checks, c => Assert.True(c.Passed));
    }

    [Fact]
    public void LatencySummary_Empty_HasNoErrorsAndNoThroughput()
    {
        var empty = Summary(0, 0, 0, 0, 0);

        Assert.Equal(0, empty.ErrorRate);
        Assert.Equal(1, empty.Availability);
        Assert.Equal(0, empty.Throughput);
    }
}
