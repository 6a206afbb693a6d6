using Cortex.Slo.Evaluation;
using Cortex.Slo.Status;
using Cortex.Slo.Storage;

namespace Cortex.Slo;

public sealed partial class SloMonitor
{
    /// <summary>
    /// Gets how the service moves: request p95, error rate and throughput over the last day against the day before
    /// (change and hourly slope), and for each SLO with an error budget, when the budget runs out at the last hour's burn.
    /// </summary>
    /// <returns>The trends.</returns>
    public IReadOnlyList<SloTrend> GetTrends() => GetTrends(TimeSpan.FromDays(1));

    internal IReadOnlyList<SloTrend> GetTrends(TimeSpan period)
    {
        var now = _time.GetUtcNow();
        var resolution = period >= TimeSpan.FromDays(1) ? TimeSpan.FromHours(1) : TimeSpan.FromMinutes(1);
        List<SeriesPoint> current, previous;
        lock (_evaluationLock)
        {
            current = [.. _requests.Points(now - period, now, resolution).Where(p => p.Count > 0)];
            previous = [.. _requests.Points(now - period - period, now - period, resolution).Where(p => p.Count > 0)];
        }

        var trends = new List<SloTrend>
        {
            TrendAnalyzer.Trend("requests.p95", Values(current, p => p.P95Ms), Values(previous, p => p.P95Ms), period),
            TrendAnalyzer.Trend("requests.error_rate", Values(current, p => p.ErrorRate), Values(previous, p => p.ErrorRate), period),
            TrendAnalyzer.Trend("requests.throughput", Values(current, Rate), Values(previous, Rate), period),
        };

        var sloWindow = _options.SloWindow;
        foreach (var objective in GetSloStatus().Objectives.Where(o => o.Definition.HasErrorBudget))
        {
            var burn = objective.BurnRates.TryGetValue("1h", out var b) ? b : 0;
            var exhausted = objective.ErrorBudgetRemaining is { } remaining ? TrendAnalyzer.BudgetExhaustion(remaining, burn, sloWindow, now) : null;
            trends.Add(new SloTrend
            {
                Metric = objective.Definition.Name,
                Period = period,
                Current = objective.Compliance,
                BudgetExhaustedAt = exhausted,
            });
        }

        return trends;

        // Per second of the time the interval was recorded, as the throughput SLO measures it: the hour still running, or
        // the one traffic started in, is not divided by a whole hour (that read 9 req/s beside the SLO's 2,313 req/s).
        double Rate(SeriesPoint p) =>
            p.Count / Math.Max(_requests.Covered(p.Start, p.Start + p.Length < now ? p.Start + p.Length : now).TotalSeconds, 1);
    }

    private static List<(DateTimeOffset At, double Value)> Values(List<SeriesPoint> points, Func<SeriesPoint, double> value) =>
        [.. points.Select(p => (p.Start, value(p)))];
}
