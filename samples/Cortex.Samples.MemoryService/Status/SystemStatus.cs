using Cortex.Production.Status;
using Cortex.Production;
using Cortex.Qdrant.Pooling;
using Cortex.Qdrant.Pooling.Statistics;
using Cortex.Slo.Status;
using Cortex.Slo;
using Cortex.Zai.Optimized;
using Cortex.Zai.Optimized.Statistics;

namespace Cortex.Samples.MemoryService.Status;

/// <summary>The body of <c>GET /system/status</c>: the health checks, each component's own status, and the production optimizer's status.</summary>
/// <param name="Status">The overall health from the registered health checks: <c>healthy</c>, <c>degraded</c> or <c>unhealthy</c>.</param>
/// <param name="Embedded">Whether Qdrant or Z.AI runs embedded (the in-process test servers).</param>
/// <param name="Checks">Each health check's status and description.</param>
/// <param name="Components">The components' own statistics.</param>
/// <param name="Production">The optimizer's status (<see cref="ProductionOptimizer.GetProductionStatus"/>): overall health, per-component health, environment and version.</param>
public sealed record SystemStatus(string Status, bool Embedded, IReadOnlyDictionary<string, HealthCheckEntry> Checks, SystemComponents Components, ProductionStatus Production);

/// <summary>One health check's outcome.</summary>
/// <param name="Status">Its status.</param>
/// <param name="Description">What it said.</param>
public sealed record HealthCheckEntry(string Status, string? Description);

/// <summary>Each component's own status.</summary>
/// <param name="Qdrant">The pool's statistics (<see cref="QdrantPooledClient.GetStatistics"/>).</param>
/// <param name="Zai">The Z.AI client's statistics (<see cref="ZaiOptimizedClient.GetStatistics"/>).</param>
/// <param name="Slo">The SLO monitor's status (<see cref="SloMonitor.GetSloStatus"/>).</param>
public sealed record SystemComponents(QdrantPoolStatistics? Qdrant, ZaiStatistics? Zai, SloStatus? Slo);
