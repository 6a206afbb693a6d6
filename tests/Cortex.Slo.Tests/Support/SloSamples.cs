using Cortex.Slo.Status;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Slo.Tests.Support;

/// <summary>SLO definitions as the monitor compiles them from the default options, written out by hand.</summary>
internal static class SloSamples
{
    /// <summary>10,000 requests now, 5 of them failing; then 10,000 good ones a day for 20 days, evaluated once a day.</summary>
    public static void ErrorsTwentyDaysAgo(SloMonitor monitor, FakeTimeProvider time)
    {
        for (var i = 0; i < 10_000; i++)
        {
            monitor.Record("op", TimeSpan.FromMilliseconds(20), success: i >= 5);
        }

        monitor.Evaluate();
        for (var day = 0; day < 20; day++)
        {
            time.Advance(TimeSpan.FromDays(1));
            for (var i = 0; i < 10_000; i++)
            {
                monitor.Record("op", TimeSpan.FromMilliseconds(20), success: true);
            }

            monitor.Evaluate();
        }
    }

    public static SloDefinition Availability { get; } = new()
    {
        Name = "availability",
        Kind = SloKind.Availability,
        Description = "99.9% of requests succeed",
        Series = "requests",
        Target = 0.999,
        HigherIsBetter = true,
        Objective = 0.999,
    };

    public static SloDefinition LatencyP95 { get; } = Latency(95, 2);

    public static SloDefinition LatencyP99 { get; } = Latency(99, 5);

    /// <summary>No error budget: exports must skip it.</summary>
    public static SloDefinition Throughput { get; } = Availability with
    {
        Name = "throughput",
        Kind = SloKind.Throughput,
        Description = "at least 100 requests/s",
        Target = 100,
        Objective = null,
    };

    public static IReadOnlyList<SloDefinition> All { get; } = [Availability, LatencyP95, LatencyP99, Throughput];

    private static SloDefinition Latency(int percentile, int seconds) => new()
    {
        Name = $"latency-p{percentile}",
        Kind = SloKind.Latency,
        Description = $"{percentile}% of requests within {seconds * 1000} ms",
        Series = "requests",
        Target = seconds * 1000,
        Objective = percentile / 100.0,
        LatencyThreshold = TimeSpan.FromSeconds(seconds),
    };

    public static SloOptions Options(string service = "memory")
    {
        var options = new SloOptions { ServiceName = service };
        options.Prometheus.Selector = "service_name=\"memory\"";
        return options;
    }
}
