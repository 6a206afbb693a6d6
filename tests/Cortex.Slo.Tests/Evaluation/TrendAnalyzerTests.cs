using Cortex.Slo.Evaluation;

namespace Cortex.Slo.Tests.Evaluation;

public sealed class TrendAnalyzerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private static List<(DateTimeOffset At, double Value)> Line(DateTimeOffset from, int points, double first, double perHour) =>
        [.. Enumerable.Range(0, points).Select(i => (from.AddMinutes(10 * i), first + (perHour * i / 6.0)))];

    [Fact]
    public void Trend_RisingSeries_PositiveSlopeAndPercentChange()
    {
        // Previous hour flat at 100; this hour rising from 100 to 150 at 60 per hour (mean 125).
        var previous = Line(Now.AddHours(-2), 6, 100, 0);
        var current = Line(Now.AddHours(-1), 6, 100, 60);

        var trend = TrendAnalyzer.Trend("requests.p95", current, previous, TimeSpan.FromHours(1));

        Assert.Equal("requests.p95", trend.Metric);
        Assert.Equal(TimeSpan.FromHours(1), trend.Period);
        Assert.Equal(125, trend.Current!.Value, 9);
        Assert.Equal(100, trend.Previous!.Value, 9);
        Assert.Equal(25, trend.ChangePercent!.Value, 9);
        Assert.Equal(60, trend.SlopePerHour!.Value, 9);
        Assert.Null(trend.BudgetExhaustedAt);
    }

    [Fact]
    public void Trend_FallingSeries_NegativeSlopeAndChange()
    {
        var trend = TrendAnalyzer.Trend("requests.error_rate", Line(Now, 4, 0.04, -0.01), Line(Now.AddHours(-1), 4, 0.05, 0), TimeSpan.FromHours(1));

        Assert.True(trend.SlopePerHour < 0);
        Assert.True(trend.ChangePercent < 0);
    }

    [Fact]
    public void Trend_NoPreviousOrZeroPrevious_NoChangePercent()
    {
        var current = Line(Now, 3, 10, 1);

        var missing = TrendAnalyzer.Trend("m", current, [], TimeSpan.FromHours(1));
        var zero = TrendAnalyzer.Trend("m", current, Line(Now.AddHours(-1), 3, 0, 0), TimeSpan.FromHours(1));

        Assert.Null(missing.Previous);
        Assert.Null(missing.ChangePercent);
        Assert.Equal(0, zero.Previous);
        Assert.Null(zero.ChangePercent);
    }

    [Fact]
    public void Trend_EmptyOrSinglePoint_NoCurrentOrNoSlope()
    {
        var empty = TrendAnalyzer.Trend("m", [], Line(Now, 3, 1, 0), TimeSpan.FromHours(1));
        var single = TrendAnalyzer.Trend("m", [(Now, 5.0)], [], TimeSpan.FromHours(1));

        Assert.Null(empty.Current);
        Assert.Null(empty.ChangePercent);
        Assert.Null(empty.SlopePerHour);
        Assert.Equal(5, single.Current);
        Assert.Null(single.SlopePerHour);
    }

    [Fact]
    public void BudgetExhaustion_HalfLeftAtBurnTwoOverThirtyDays_SevenAndAHalfDays()
    {
        Assert.Equal(Now.AddDays(7.5), TrendAnalyzer.BudgetExhaustion(0.5, 2, TimeSpan.FromDays(30), Now));
    }

    [Fact]
    public void BudgetExhaustion_NoBurn_Null()
    {
        Assert.Null(TrendAnalyzer.BudgetExhaustion(0.5, 0, TimeSpan.FromDays(30), Now));
        Assert.Null(TrendAnalyzer.BudgetExhaustion(0.5, -1, TimeSpan.FromDays(30), Now));
    }

    [Fact]
    public void BudgetExhaustion_BudgetGone_Now()
    {
        Assert.Equal(Now, TrendAnalyzer.BudgetExhaustion(0, 2, TimeSpan.FromDays(30), Now));
        Assert.Equal(Now, TrendAnalyzer.BudgetExhaustion(-0.3, 0, TimeSpan.FromDays(30), Now));
    }

    [Fact]
    public void BudgetExhaustion_AbsurdlyFarAway_Null()
    {
        Assert.Null(TrendAnalyzer.BudgetExhaustion(1, 1e-6, TimeSpan.FromDays(30), Now));
        Assert.Null(TrendAnalyzer.BudgetExhaustion(1, double.Epsilon, TimeSpan.FromDays(30), Now));
    }
}
