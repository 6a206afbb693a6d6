using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cortex.Slo.DependencyInjection;

/// <summary>Healthy while every SLO is; degraded on a warning; the registration's failure status on a critical SLO. The data lists each SLO that is off target.</summary>
internal sealed class SloHealthCheck(SloMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = monitor.GetSloStatus();
        var off = status.Objectives.Where(o => o.Health != SloHealth.Healthy).ToList();
        var data = off.ToDictionary(o => o.Definition.Name, o => (object)$"{o.Health}: {o.Definition.Description}", StringComparer.Ordinal);
        var result = status.Health switch
        {
            SloHealth.Healthy => HealthCheckResult.Healthy($"All {status.Objectives.Count} SLOs within target.", data),
            SloHealth.Warning => HealthCheckResult.Degraded($"{off.Count} SLOs off target: {string.Join(", ", off.Select(o => o.Definition.Name))}.", data: data),
            _ => new HealthCheckResult(context.Registration.FailureStatus, $"Critical SLOs: {string.Join(", ", off.Where(o => o.Health == SloHealth.Critical).Select(o => o.Definition.Name))}.", data: data),
        };
        return Task.FromResult(result);
    }
}
