namespace Cortex.Slo.Evaluation;

/// <summary>STUB (to be implemented): period-over-period change, least-squares slope, and error-budget exhaustion forecasts.</summary>
internal static class TrendAnalyzer
{
    public static SloTrend Trend(string metric, IReadOnlyList<(DateTimeOffset At, double Value)> current, IReadOnlyList<(DateTimeOffset At, double Value)> previous, TimeSpan period) =>
        throw new NotImplementedException();

    /// <summary>When a budget with <paramref name="budgetRemaining"/> (fraction of the whole budget) runs out at <paramref name="burnRate"/> (1 = spending exactly the budget over <paramref name="sloWindow"/>); null when the burn is 0 or the budget already gone is reported as now.</summary>
    public static DateTimeOffset? BudgetExhaustion(double budgetRemaining, double burnRate, TimeSpan sloWindow, DateTimeOffset now) =>
        throw new NotImplementedException();
}
