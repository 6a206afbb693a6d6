using Cortex.Qdrant.Pooling.Statistics;
using Cortex.Slo.Status;
using Cortex.Slo;
using Cortex.Zai.Optimized.Statistics;

namespace Cortex.Production.Status;

/// <summary>A snapshot of the deployment: overall health, each health check, and each enabled component's live figures.</summary>
public sealed record ProductionStatus
{
    /// <summary>Gets when the snapshot was taken.</summary>
    public DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>Gets the overall health: the worst of the registered health checks (healthy when none are registered).</summary>
    public ProductionHealth OverallHealth { get; init; }

    /// <summary>Gets the environment name.</summary>
    public string Environment { get; init; } = "";

    /// <summary>Gets the deployed version, if recorded.</summary>
    public string? Version { get; init; }

    /// <summary>Gets each registered health check's result.</summary>
    public IReadOnlyList<ComponentHealth> Components { get; init; } = [];

    /// <summary>Gets the Qdrant pool's figures (nodes, circuits, queue, latency); <see langword="null"/> when pooling is disabled.</summary>
    public QdrantPoolStatistics? Qdrant { get; init; }

    /// <summary>Gets the Z.AI client's figures (cache, deduplication, rate limits, latency); <see langword="null"/> when the client is disabled.</summary>
    public ZaiStatistics? Zai { get; init; }

    /// <summary>Gets the SLO monitor's status (compliance, resources); <see langword="null"/> when monitoring is disabled.</summary>
    public SloStatus? Slo { get; init; }
}
