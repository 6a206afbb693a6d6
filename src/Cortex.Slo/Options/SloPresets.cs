namespace Cortex.Slo;

/// <summary>Ready-made SLO configurations.</summary>
public static class SloPresets
{
    /// <summary>
    /// The production preset: response time p50 500 ms, p90 1 s, p95 2 s, p99 5 s; error rate warning 1%,
    /// critical 5%; throughput min 100/s, target 500/s; availability 99.9%; CPU 70/90%, memory 75/90%; Qdrant p95
    /// 500 ms and errors ≤ 1%, Z.AI cache hit rate ≥ 70%, dedup rate ≥ 30%, pool utilization ≤ 80%; evaluation every
    /// 30 s; 7 days of history. These are also <see cref="SloOptions"/>' defaults.
    /// </summary>
    /// <returns>A new options instance.</returns>
    public static SloOptions Production() => new();
}
