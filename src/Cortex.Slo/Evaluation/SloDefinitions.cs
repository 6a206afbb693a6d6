using System.Globalization;
using Cortex.Slo.Status;

namespace Cortex.Slo.Evaluation;

/// <summary>Compiles <see cref="SloOptions"/> into the SLOs the monitor evaluates, exports and reports.</summary>
internal static class SloDefinitions
{
    public const string Requests = "requests";
    public const string Qdrant = "qdrant";
    public const string Zai = "zai";
    public const string Process = "process";

    public const string Availability = "availability";
    public const string ErrorRate = "error-rate";
    public const string Throughput = "throughput";
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string QdrantLatency = "qdrant-latency-p95";
    public const string QdrantErrors = "qdrant-error-rate";
    public const string ZaiCacheHitRate = "zai-cache-hit-rate";
    public const string ZaiDedupRate = "zai-dedup-rate";
    public const string PoolUtilization = "pool-utilization";

    /// <summary>The anomaly figure of an SLO: p95 latency for latency SLOs, error rate for availability and error rates; null when its series has none.</summary>
    public static string? AnomalyMetric(SloDefinition d) =>
        d.Series is not (Requests or Qdrant or Zai) ? null
        : d.LatencyThreshold is not null || d.Kind == SloKind.Latency ? "latency_p95"
        : d.Kind is SloKind.Availability or SloKind.ErrorRate || d.Name == QdrantErrors ? "error_rate"
        : null;

    /// <summary>
    /// The SLOs, in a stable order. p95 and p99 latency carry an error budget (95% and 99% of requests within the
    /// target); p50 and p90 are checked as percentiles only, because a budget of half or a tenth of all requests cannot
    /// be burned at the Workbook's page rates (14.4 × 0.5 > 1) and would only produce alerts that never fire.
    /// </summary>
    public static IReadOnlyList<SloDefinition> From(SloOptions o)
    {
        var list = new List<SloDefinition>
        {
            new()
            {
                Name = Availability, Kind = SloKind.Availability, Series = Requests, Target = o.Availability, HigherIsBetter = true, Objective = o.Availability,
                Description = $"{Percent(o.Availability)} of requests succeed",
            },
        };
        AddLatency(list, "latency-p50", o.ResponseTime.P50, null);
        AddLatency(list, "latency-p90", o.ResponseTime.P90, null);
        AddLatency(list, "latency-p95", o.ResponseTime.P95, 0.95);
        AddLatency(list, "latency-p99", o.ResponseTime.P99, 0.99);
        list.Add(new()
        {
            Name = ErrorRate, Kind = SloKind.ErrorRate, Series = Requests, Target = o.ErrorRate.Warning, CriticalTarget = o.ErrorRate.Critical,
            Description = $"errors below {Percent(o.ErrorRate.Warning)} over 5 minutes (critical at {Percent(o.ErrorRate.Critical)})",
        });
        list.Add(new()
        {
            Name = Throughput, Kind = SloKind.Throughput, Series = Requests, Target = o.Throughput.Min, HigherIsBetter = true,
            Description = $"at least {Num(o.Throughput.Min)} requests/s over 5 minutes (sized for {Num(o.Throughput.Target)})",
        });
        list.Add(new()
        {
            Name = Cpu, Kind = SloKind.Resource, Series = Process, Target = o.Resources.CpuWarning, CriticalTarget = o.Resources.CpuCritical,
            Description = $"CPU below {Percent(o.Resources.CpuWarning)} of all cores (critical at {Percent(o.Resources.CpuCritical)})",
        });
        list.Add(new()
        {
            Name = Memory, Kind = SloKind.Resource, Series = Process, Target = o.Resources.MemoryWarning, CriticalTarget = o.Resources.MemoryCritical,
            Description = $"working set below {Percent(o.Resources.MemoryWarning)} of available memory (critical at {Percent(o.Resources.MemoryCritical)})",
        });

        var c = o.Components;
        if (c.QdrantLatencyP95 is { } qdrantLatency)
        {
            list.Add(new() { Name = QdrantLatency, Kind = SloKind.Component, Series = Qdrant, Target = qdrantLatency.TotalMilliseconds, LatencyThreshold = qdrantLatency, Description = $"Qdrant p95 within {Num(qdrantLatency.TotalMilliseconds)} ms over 1 hour" });
        }

        AddComponent(list, QdrantErrors, Qdrant, c.QdrantErrorRate, higherIsBetter: false, "Qdrant attempts failing");
        AddComponent(list, ZaiCacheHitRate, Zai, c.ZaiCacheHitRate, higherIsBetter: true, "Z.AI cacheable requests answered from the cache");
        AddComponent(list, ZaiDedupRate, Zai, c.ZaiDedupRate, higherIsBetter: true, "Z.AI operations joining an identical request");
        AddComponent(list, PoolUtilization, Qdrant, c.PoolUtilization, higherIsBetter: false, "busy Qdrant connections");
        return list;
    }

    /// <summary>The latency thresholds whose good-below counts a series keeps, in the order of its SLOs.</summary>
    public static IReadOnlyList<TimeSpan> LatencyThresholds(IReadOnlyList<SloDefinition> slos, string series) =>
        [.. slos.Where(s => s.Series == series && s.LatencyThreshold is not null).Select(s => s.LatencyThreshold!.Value).Distinct()];

    private static void AddLatency(List<SloDefinition> list, string name, TimeSpan? target, double? objective)
    {
        if (target is { } t)
        {
            var ms = t.TotalMilliseconds;
            var percentile = name[^2..];
            list.Add(new()
            {
                Name = name, Kind = SloKind.Latency, Series = Requests, Target = ms, LatencyThreshold = t, Objective = objective,
                Description = objective is { } o ? $"{Percent(o)} of requests within {Num(ms)} ms" : $"p{percentile} within {Num(ms)} ms over 1 hour",
            });
        }
    }

    private static void AddComponent(List<SloDefinition> list, string name, string series, double? target, bool higherIsBetter, string what)
    {
        if (target is { } t)
        {
            list.Add(new()
            {
                Name = name, Kind = SloKind.Component, Series = series, Target = t, HigherIsBetter = higherIsBetter,
                Description = $"{what} {(higherIsBetter ? "at least" : "at most")} {Percent(t)} over 1 hour",
            });
        }
    }

    public static string Percent(double fraction) => (fraction * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%";

    public static string Num(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
