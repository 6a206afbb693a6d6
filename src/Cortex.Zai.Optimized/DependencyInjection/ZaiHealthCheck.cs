using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cortex.Zai.Optimized.DependencyInjection;

/// <summary>The Z.AI client's health: the API reachable with the key (no tokens spent) and the Redis tier's state.</summary>
internal sealed class ZaiHealthCheck(ZaiOptimizedClient client) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        client.CheckHealthAsync(context.Registration.FailureStatus, cancellationToken);
}
