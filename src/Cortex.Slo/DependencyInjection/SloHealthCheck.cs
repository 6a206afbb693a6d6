using Cortex.Slo.Status;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cortex.Slo.DependencyInjection;

/// <summary>
/// Healthy while every SLO is and every notification of the last day was delivered; degraded on a warning or when a
/// channel refused (or never took) a notification in the last day; the registration's failure status on a critical SLO.
/// The data lists each SLO that is off target, and the notifications given up (channel and reason, never a URL).
/// </summary>
internal sealed class SloHealthCheck(SloMonitor monitor) : IHealthCheck
{
    /// <summary>The data key of the notifications given up in the last day.</summary>
    public const string UndeliveredKey = "undelivered_notifications";

    private static readonly TimeSpan UndeliveredHorizon = TimeSpan.FromDays(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = monitor.GetSloStatus();
        var off = status.Objectives.Where(o => o.Health != SloHealth.Healthy).ToList();
        var data = off.ToDictionary(o => o.Definition.Name, o => (object)$"{o.Health}: {o.Definition.Description}", StringComparer.Ordinal);
        var since = monitor.Time.GetUtcNow() - UndeliveredHorizon;
        var undelivered = monitor.GetUndeliveredNotifications().Where(u => u.GivenUpAt >= since).ToList();
        var delivery = undelivered.Count == 0 ? string.Empty
            : $" {undelivered.Count} alert notifications not delivered in the last day (last: {undelivered[^1].Channel}, {undelivered[^1].Reason}).";
        if (undelivered.Count > 0)
        {
            data[UndeliveredKey] = undelivered.Select(u => $"{u.GivenUpAt:O} {u.Channel} {u.Group}: {u.Reason}").ToArray();
        }

        var healthy = WithinTarget(status);
        var result = status.Health switch
        {
            SloHealth.Healthy when undelivered.Count == 0 => HealthCheckResult.Healthy(healthy, data),
            SloHealth.Healthy => HealthCheckResult.Degraded(healthy + delivery, data: data),
            SloHealth.Warning => HealthCheckResult.Degraded($"{off.Count} SLOs off target: {string.Join(", ", off.Select(o => o.Definition.Name))}.{delivery}", data: data),
            _ => new HealthCheckResult(context.Registration.FailureStatus, $"Critical SLOs: {string.Join(", ", off.Where(o => o.Health == SloHealth.Critical).Select(o => o.Definition.Name))}.{delivery}", data: data),
        };
        return Task.FromResult(result);
    }

    // An SLO without data counts as within target, so the sentence says how many were actually judged.
    private static string WithinTarget(SloStatus status)
    {
        var total = status.Objectives.Count;
        var withoutData = status.Objectives.Count(o => o.Observed is null);
        return withoutData switch
        {
            0 => $"All {total} SLOs within target.",
            _ when withoutData == total => $"No data yet for any of the {total} SLOs.",
            _ => $"All {total - withoutData} SLOs with data within target; {withoutData} have no data yet.",
        };
    }
}
