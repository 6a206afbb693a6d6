using Cortex.Production.Status;
using Cortex.Slo.Alerting;
using Cortex.Slo;

namespace Cortex.Production.Dashboard.Internal;

/// <summary>The body of <c>GET api/v1/snapshot</c> (schema version 1; README.md documents every field).</summary>
internal sealed record DashboardSnapshot(
    int SchemaVersion,
    DateTimeOffset EvaluatedAt,
    ProductionStatus Status,
    IReadOnlyList<Alert> Alerts,
    bool CanAcknowledge,
    DashboardLoadTest? LoadTest,
    IReadOnlyList<DashboardPoint> History)
{
    public const int CurrentSchemaVersion = 1;
}

/// <summary>One point of the dashboard's history: what the charts draw. Latencies in milliseconds, rates from 0 to 1.</summary>
internal sealed record DashboardPoint(
    DateTimeOffset Time,
    double? P50,
    double? P90,
    double? P95,
    double? P99,
    double? ErrorRate,
    double? Throughput,
    long? Requests,
    double? Cpu,
    double? Memory,
    long? GcHeapBytes,
    double? GcPause,
    long? ThreadPoolQueueLength,
    double? QdrantP95,
    long? QdrantRequests,
    long? QdrantFailures,
    long? ZaiRequests,
    double? ZaiCacheHitRate);

/// <summary>The load test run by the ProductionOptimizer, as of its last progress report.</summary>
internal sealed record DashboardLoadTest(
    bool Running,
    DateTimeOffset ReportedAt,
    TimeSpan Elapsed,
    TimeSpan PlannedDuration,
    double Progress,
    long Requests,
    long Errors,
    double Throughput,
    int ActiveUsers,
    double P95,
    IReadOnlyList<DashboardThreshold> Thresholds);

/// <summary>One threshold of the running load test, as judged so far.</summary>
internal sealed record DashboardThreshold(string Source, string Expression, double Observed, bool Passed);
