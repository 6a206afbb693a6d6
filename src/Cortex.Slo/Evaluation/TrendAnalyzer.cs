using Cortex.Slo.Status;

namespace Cortex.Slo.Evaluation;

/// <summary>Period-over-period change, least-squares slope, and error-budget exhaustion forecasts.</summary>
internal static class TrendAnalyzer
{
    /// <summary>Forecasts further out than this are no forecast at all: the burn would have to hold for a decade.</summary>
    internal static readonly TimeSpan ForecastHorizon = TimeSpan.FromDays(3653);

    /// <summary>
    /// Compares the mean of <paramref name="current"/> with the mean of <paramref name="previous"/> and fits a
    /// least-squares line to <paramref name="current"/> against time. Non-finite values are left out.
    /// <see cref="SloTrend.BudgetExhaustedAt"/> is not set here (see <see cref="BudgetExhaustion"/>).
    /// </summary>
    public static SloTrend Trend(string metric, IReadOnlyList<(DateTimeOffset At, double Value)> current, IReadOnlyList<(DateTimeOffset At, double Value)> previous, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(previous);

        var now = Mean(current);
        var before = Mean(previous);

        // Divided by |previous| so a rise reads as positive even for a figure that can be negative.
        double? change = now is { } n && before is { } b && b != 0 ? (n - b) / Math.Abs(b) * 100 : null;
        return new SloTrend
        {
            Metric = metric,
            Period = period,
            Current = now,
            Previous = before,
            ChangePercent = change,
            SlopePerHour = SlopePerHour(current),
        };
    }

    /// <summary>When a budget with <paramref name="budgetRemaining"/> (fraction of the whole budget) runs out at <paramref name="burnRate"/> (1 = spending exactly the budget over <paramref name="sloWindow"/>); null when the burn is 0 or the budget already gone is reported as now.</summary>
    /// <remarks>
    /// The remaining fraction r lasts r × <paramref name="sloWindow"/> / b at burn rate b. A budget already spent (r ≤ 0)
    /// runs out <paramref name="now"/>; no burn (b ≤ 0), a non-positive window, a non-finite input, or a forecast beyond
    /// <see cref="ForecastHorizon"/> gives <see langword="null"/>.
    /// </remarks>
    public static DateTimeOffset? BudgetExhaustion(double budgetRemaining, double burnRate, TimeSpan sloWindow, DateTimeOffset now)
    {
        if (double.IsNaN(budgetRemaining) || double.IsNaN(burnRate))
        {
            return null;
        }

        if (budgetRemaining <= 0)
        {
            return now;
        }

        if (burnRate <= 0 || sloWindow <= TimeSpan.Zero)
        {
            return null;
        }

        var ticks = budgetRemaining * sloWindow.Ticks / burnRate;
        if (!double.IsFinite(ticks) || ticks > ForecastHorizon.Ticks || ticks > DateTimeOffset.MaxValue.Ticks - now.UtcTicks)
        {
            return null;
        }

        return now.AddTicks((long)Math.Round(ticks));
    }

    private static double? Mean(IReadOnlyList<(DateTimeOffset At, double Value)> points)
    {
        double sum = 0;
        var count = 0;
        foreach (var (_, value) in points)
        {
            if (double.IsFinite(value))
            {
                sum += value;
                count++;
            }
        }

        return count == 0 ? null : sum / count;
    }

    /// <summary>The least-squares slope per hour; <see langword="null"/> with fewer than two finite points or when they all share one instant.</summary>
    private static double? SlopePerHour(IReadOnlyList<(DateTimeOffset At, double Value)> points)
    {
        // Hours are counted from the first point so that the sums stay small and exact enough.
        DateTimeOffset? origin = null;
        double n = 0, sumT = 0, sumV = 0;
        foreach (var (at, value) in points)
        {
            if (double.IsFinite(value))
            {
                origin ??= at;
                n++;
                sumT += (at - origin.Value).TotalHours;
                sumV += value;
            }
        }

        if (n < 2)
        {
            return null;
        }

        double meanT = sumT / n, meanV = sumV / n, covariance = 0, variance = 0;
        foreach (var (at, value) in points)
        {
            if (double.IsFinite(value))
            {
                var t = (at - origin!.Value).TotalHours - meanT;
                covariance += t * (value - meanV);
                variance += t * t;
            }
        }

        return variance > 0 ? covariance / variance : null;
    }
}
