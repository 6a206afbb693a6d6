using Cortex.Production;
using Cortex.Samples.MemoryService.Embedded;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cortex.Samples.MemoryService.Status;

/// <summary>Maps <c>GET /system/status</c>.</summary>
public static class SystemStatusEndpoints
{
    /// <summary>Maps the status endpoint.</summary>
    /// <param name="endpoints">The application.</param>
    /// <returns>The same application.</returns>
    public static IEndpointRouteBuilder MapSystemStatus(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/system/status", async (
            HealthCheckService health,
            ProductionOptimizer optimizer,
            EmbeddedServices embedded,
            CancellationToken ct) =>
        {
            var report = await health.CheckHealthAsync(ct).ConfigureAwait(false);
            var checks = report.Entries.ToDictionary(e => e.Key, e => new HealthCheckEntry(Name(e.Value.Status), e.Value.Description), StringComparer.Ordinal);
            var production = await optimizer.RefreshAsync(ct).ConfigureAwait(false);
            return Results.Ok(new SystemStatus(
                Name(report.Status),
                embedded.IsEmbedded,
                checks,
                new SystemComponents(production.Qdrant, production.Zai, production.Slo),
                production));
        });
        return endpoints;
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
