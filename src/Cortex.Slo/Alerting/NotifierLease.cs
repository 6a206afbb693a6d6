using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Cortex.Slo.Alerting;

/// <summary>
/// The fleet's notifier lease in Redis: one script takes it when free (<c>SET key owner PX lease</c>) or renews it when
/// held (<c>PEXPIRE</c>), every third of the lease; a compare-and-delete script hands it over on stop. This replica counts as
/// the notifier from a successful take or renewal until two thirds of the lease later (measured from before the call),
/// so it stops delivering before Redis lets another replica take over. Redis that cannot be reached makes every replica
/// a notifier (fail open).
/// </summary>
internal sealed partial class NotifierLease : IAsyncDisposable
{
    // Takes the lease when it is free, renews it when this replica holds it; 1 when held afterwards.
    private const string TakeScript = """
        local holder = redis.call('get', KEYS[1])
        if holder == ARGV[1] then redis.call('pexpire', KEYS[1], ARGV[2]) return 1 end
        if not holder then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
        return 0
        """;
    private const string ReleaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private readonly ConnectionMultiplexer _redis;
    private readonly RedisKey _key;
    private readonly RedisValue _owner = AlertIdentity.NewKey();
    private readonly TimeSpan _lease;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Action _becameNotifier;
    private DateTimeOffset _notifierUntil = DateTimeOffset.MinValue;
    private bool _reachable = true;
    private bool _wasNotifier;

    public NotifierLease(AlertFleetOptions options, string serviceName, TimeProvider timeProvider, ILogger logger, Action becameNotifier)
    {
        var config = ConfigurationOptions.Parse(options.RedisConnectionString!);
        config.AbortOnConnectFail = false;
        config.BacklogPolicy = BacklogPolicy.FailFast;
        _redis = ConnectionMultiplexer.Connect(config);
        _key = options.LeaseKey ?? $"{options.EffectiveKeyPrefix(serviceName)}:notifier";
        _lease = options.LeaseTime;
        _timeProvider = timeProvider;
        _logger = logger;
        _becameNotifier = becameNotifier;
        Loop = new DueLoop(timeProvider, StepAsync, ex => AlertLog.LoopFailed(logger, "notifier lease", ex));
    }

    public DueLoop Loop { get; }

    /// <summary>Gets the Redis database of the lease, which the fleet's shared alert state uses too.</summary>
    public IDatabase Database => _redis.GetDatabase();

    /// <summary>Gets whether this replica delivers now: it holds the lease, or Redis cannot be reached.</summary>
    public bool IsNotifier => !Volatile.Read(ref _reachable) || _timeProvider.GetUtcNow() < _notifierUntil;

    /// <summary>Hands the lease over (deletes it if this replica holds it), so another replica takes over at its next try.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (IsNotifier)
            {
                await _redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [_key], [_owner]).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The lease runs out by itself.
        }

        await _redis.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops renewing without handing over, as a process that died would (for tests).</summary>
    internal async Task AbandonAsync() => await _redis.DisposeAsync().ConfigureAwait(false);

    private async Task<DateTimeOffset?> StepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ms = (long)_lease.TotalMilliseconds;
        bool held;
        bool reachable;
        try
        {
            held = (long)await _redis.GetDatabase().ScriptEvaluateAsync(TakeScript, [_key], [_owner, ms]).ConfigureAwait(false) == 1;
            reachable = true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            if (Volatile.Read(ref _reachable))
            {
                LeaseUnreachable(_logger, ex.GetType().Name);
            }

            reachable = false;
            held = false;
        }

        if (reachable && !Volatile.Read(ref _reachable))
        {
            LeaseReachable(_logger);
        }

        // Told before it shows: a replica taking over reads what the fleet delivered before it delivers anything.
        var until = held ? now + (_lease * 2 / 3) : DateTimeOffset.MinValue;
        var notifier = !reachable || now < until;
        if (notifier != _wasNotifier)
        {
            _wasNotifier = notifier;
            LeaseChanged(_logger, notifier);
            if (notifier)
            {
                _becameNotifier();
            }
        }

        _notifierUntil = until;
        Volatile.Write(ref _reachable, reachable);
        return now + (_lease / 3);
    }

    [LoggerMessage(531, LogLevel.Information, "This replica is the fleet's alert notifier: {Notifier}")]
    private static partial void LeaseChanged(ILogger logger, bool notifier);

    [LoggerMessage(532, LogLevel.Warning, "Redis holding the alert notifier lease cannot be reached ({Error}); every replica delivers until it is back")]
    private static partial void LeaseUnreachable(ILogger logger, string error);

    [LoggerMessage(533, LogLevel.Information, "Redis holding the alert notifier lease is reachable again")]
    private static partial void LeaseReachable(ILogger logger);
}
