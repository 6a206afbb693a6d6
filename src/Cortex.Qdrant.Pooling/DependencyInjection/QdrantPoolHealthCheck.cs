using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cortex.Qdrant.Pooling.DependencyInjection;

/// <summary>
/// Healthy when every active node is up with a closed circuit; degraded when some can take requests; unhealthy when
/// none can. The data lists each node's health and circuit.
/// </summary>
internal sealed class QdrantPoolHealthCheck(QdrantPooledClient pool) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var nodes = pool.NodesSnapshot.Where(n => n.Active).ToList();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            data[node.Id] = $"{node.Health}, circuit {node.Circuit}";
        }

        var eligible = nodes.Count(n => n.IsEligible);
        var perfect = nodes.Count(n => n.Health == QdrantNodeHealth.Up && n.Circuit == QdrantCircuitState.Closed);
        var result = eligible == 0
            ? new HealthCheckResult(context.Registration.FailureStatus, $"No Qdrant node can take requests ({nodes.Count} active).", data: data)
            : perfect == nodes.Count
                ? HealthCheckResult.Healthy($"All {nodes.Count} Qdrant nodes up.", data)
                : HealthCheckResult.Degraded($"{eligible} of {nodes.Count} Qdrant nodes can take requests.", data: data);
        return Task.FromResult(result);
    }
}
