using Cortex.Slo;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Benchmarks.Slo;

/// <summary>
/// The synthetic traffic of the SLO evaluation benchmarks (10 requests a minute, 20–69 ms, one in 200 failing) and
/// their baseline, so the 7-day and the 30-day benchmarks measure the same data the same way.
/// </summary>
internal static class SloEvaluationData
{
    public const int PerMinute = 10;

    public static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static int LatencyMs(int minute, int request) => 20 + (((minute * 7) + (request * 13)) % 50);

    public static bool Succeeds(int minute, int request) => (minute + request) % 200 != 0;

    /// <summary>
    /// A production monitor on a fake clock fed <paramref name="minutes"/> minutes of traffic, evaluated hourly and
    /// every minute of the last three hours (so alerts and anomalies have their history); each latency also goes to
    /// <paramref name="raw"/>, for the baseline.
    /// </summary>
    public static SloMonitor FilledMonitor(int minutes, List<double> raw)
    {
        var time = new FakeTimeProvider(Start);
        var monitor = new SloMonitor(SloPresets.Production(), timeProvider: time);
        for (var minute = 0; minute < minutes; minute++)
        {
            for (var i = 0; i < PerMinute; i++)
            {
                var ms = LatencyMs(minute, i);
                monitor.Record("query", TimeSpan.FromMilliseconds(ms), success: Succeeds(minute, i));
                raw.Add(ms);
            }

            time.Advance(TimeSpan.FromMinutes(1));
            if (minute % 60 == 0 || minute > minutes - 180)
            {
                monitor.Evaluate();
            }
        }

        return monitor;
    }

    /// <summary>The naive way: sort every raw sample for the p95 and p99.</summary>
    public static double SortForPercentiles(List<double> raw)
    {
        var sorted = raw.ToArray();
        Array.Sort(sorted);
        return sorted[(int)(sorted.Length * 0.95)] + sorted[(int)(sorted.Length * 0.99)];
    }
}
