namespace Cortex.Slo;

/// <summary>
/// Embedded fleet mode: replicas of one service that share a Redis elect one notifier with a lease, so the built-in
/// alert manager pages once per fleet (<c>ALERT_FLEET_REDIS</c>). Every replica evaluates and keeps its alerts; only
/// the lease holder delivers. The alert state is shared in Redis under <see cref="KeyPrefix"/>: acknowledgements and
/// silences made on any replica apply fleet-wide, and the notifier's progress (what each channel was told, at which
/// escalation level, and what is queued, with its idempotency key) is there, so when it dies the replica that takes
/// over within <see cref="LeaseTime"/> carries on: it repeats nothing delivered (a notification in flight may be sent
/// again with the same key) and escalates at the alert's original times. While Redis cannot be reached every replica
/// delivers (a page sent twice beats none) and keeps its state locally; it writes it to Redis when Redis is back.
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
    /// <value>The default is <see langword="null"/>: <c>{KeyPrefix}:notifier</c>.</value>
    public string? LeaseKey { get; set; }

    /// <summary>Gets or sets the prefix of the Redis keys of the fleet's shared alert state (acknowledgements, silences, delivery progress); replicas with the same prefix share it.</summary>
    /// <value>The default is <see langword="null"/>: <c>cortex:slo:{ServiceName}</c>.</value>
    public string? KeyPrefix { get; set; }

    internal string EffectiveKeyPrefix(string serviceName) => KeyPrefix ?? $"cortex:slo:{serviceName}";
}
