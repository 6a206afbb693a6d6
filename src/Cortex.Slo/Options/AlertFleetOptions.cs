namespace Cortex.Slo;

/// <summary>
/// Embedded fleet mode: replicas of one service that share a Redis elect one notifier with a lease, so the built-in
/// alert manager pages once per fleet (<c>ALERT_FLEET_REDIS</c>). Every replica evaluates and keeps its alerts; only
/// the lease holder delivers. When it dies its lease runs out and another replica takes over within
/// <see cref="LeaseTime"/>, sending what the fleet raised since the leader's last renewal (so a handover may repeat a
/// notification; it loses none). While Redis cannot be reached every replica delivers: a page sent twice beats none.
/// For routing, silences and inhibition across a fleet, use Alertmanager (<see cref="AlertingOptions.Alertmanager"/>).
/// </summary>
public sealed class AlertFleetOptions
{
    /// <summary>Gets or sets the StackExchange.Redis configuration string, for example <c>redis:6379</c>; <see langword="null"/> turns fleet mode off.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? RedisConnectionString { get; set; }

    /// <summary>Gets or sets how long the notifier's lease lasts; it is renewed three times as often (1 second to 5 minutes).</summary>
    /// <value>The default is 15 seconds.</value>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets or sets the Redis key of the lease; replicas with the same key form one fleet.</summary>
    /// <value>The default is <see langword="null"/>: <c>cortex:slo:{ServiceName}:notifier</c>.</value>
    public string? LeaseKey { get; set; }
}
