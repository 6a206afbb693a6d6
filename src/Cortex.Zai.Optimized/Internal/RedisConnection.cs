using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Cortex.Zai.Optimized.Internal;

/// <summary>
/// The Redis connection the L2 cache and the distributed rate limiter share: one the host gave, or one this client opens
/// in the background (a constructor never waits for Redis). It bounds every command by
/// <see cref="ZaiCacheOptions.RedisOperationTimeout"/> and, after a command timed out (a Redis that is connected but does
/// not answer), has callers go on without Redis for <see cref="HungBackOff"/> before one tries again.
/// </summary>
/// <remarks>
/// The timeout is measured in real time (<see cref="TimeProvider.System"/>), like StackExchange.Redis's own timeouts: it
/// guards real I/O, and a fake clock advanced by a test for TTLs must not time out a command that is answering. Written
/// here, not left to StackExchange.Redis, because it checks async timeouts only on its heartbeat (about once a second,
/// 5 s by default) and the settings of a multiplexer the host gives are not ours to change.
/// </remarks>
internal sealed class RedisConnection : IAsyncDisposable
{
    /// <summary>How long callers skip Redis after a command timed out, before one tries again.</summary>
    public static readonly TimeSpan HungBackOff = TimeSpan.FromSeconds(5);

    private readonly Task<ConnectionMultiplexer?>? _connecting;
    private IDatabase? _database;
    private long _skipUntil;
    private int _disposed;

    private RedisConnection(IConnectionMultiplexer? given, Task<ConnectionMultiplexer?>? connecting, TimeSpan operationTimeout)
    {
        _connecting = connecting;
        OperationTimeout = operationTimeout;
        _database = given?.GetDatabase();
    }

    /// <summary>Gets how long one command may take before the caller goes on without Redis.</summary>
    public TimeSpan OperationTimeout { get; }

    /// <summary>Gets the database once connected (at once for a given multiplexer), or <see langword="null"/> while a connection this client opens is still being made.</summary>
    public IDatabase? Database
    {
        get
        {
            if (_database is null && _connecting is { IsCompletedSuccessfully: true, Result: { } opened })
            {
                _database = opened.GetDatabase();
            }

            return _database;
        }
    }

    /// <summary>Gets a value indicating whether this client opened the connection (and so closes it), rather than the host.</summary>
    public bool IsOwned => _connecting is not null;

    /// <summary>Gets a task that completes when the first connect attempt of a connection this client opens is over (at once for a given one).</summary>
    public Task FirstConnectAttempt => _connecting ?? Task.CompletedTask;

    /// <summary>Wraps a multiplexer the host (or a test) owns; it is not disposed here.</summary>
    /// <param name="multiplexer">The connection.</param>
    /// <param name="operationTimeout">The bound of each command; the options' default when <see langword="null"/>.</param>
    /// <returns>The connection.</returns>
    public static RedisConnection Of(IConnectionMultiplexer multiplexer, TimeSpan? operationTimeout = null) =>
        new(multiplexer, null, operationTimeout ?? new ZaiCacheOptions().RedisOperationTimeout);

    /// <summary>
    /// Starts connecting to <paramref name="connectionString"/> in the background and returns at once. While it connects,
    /// or when it cannot, callers go on without Redis; StackExchange.Redis keeps retrying.
    /// </summary>
    /// <param name="connectionString">The StackExchange.Redis connection string; parsed here, so a malformed one fails at start.</param>
    /// <param name="operationTimeout">The bound of each command.</param>
    /// <param name="logger">Where a failed first connect is reported; the message never carries the connection string.</param>
    /// <returns>The connection, owned by the caller.</returns>
    public static RedisConnection Open(string connectionString, TimeSpan operationTimeout, ILogger logger)
    {
        // abortConnect=false: a Redis that is down at start is retried in the background; requests go on without it.
        // FailFast: while disconnected, commands fail at once instead of queueing until their timeout (seconds per request).
        var config = ConfigurationOptions.Parse(connectionString);
        config.AbortOnConnectFail = false;
        config.BacklogPolicy = BacklogPolicy.FailFast;

        // Task.Run: ConnectAsync does part of its work (DNS, the first socket) before its first await.
        return new(null, Task.Run(() => ConnectAsync(config, logger)), operationTimeout);
    }

    /// <summary>Gets a value indicating whether a command for <paramref name="key"/> may be sent now: connected, and no command timed out lately.</summary>
    /// <param name="key">The key the command is for (the server that holds it must be connected).</param>
    /// <param name="flags">The flags of the command, which say whether a replica will do.</param>
    /// <returns><see langword="true"/> when the command may be sent.</returns>
    public bool IsAvailable(RedisKey key, CommandFlags flags = CommandFlags.None) =>
        Database is { } database
        && Stopwatch.GetTimestamp() >= Interlocked.Read(ref _skipUntil)
        && database.IsConnected(key, flags);

    /// <summary>Sends a PING, bounded by <see cref="OperationTimeout"/>; <see langword="null"/> while the connection is still being made.</summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The round trip, or <see langword="null"/> before the first connect attempt is over.</returns>
    /// <exception cref="RedisException">Redis is not connected.</exception>
    /// <exception cref="TimeoutException">Redis did not answer in time.</exception>
    public async Task<TimeSpan?> PingAsync(CancellationToken cancellationToken) =>
        Database is { } database ? await RunAsync(database.PingAsync(), cancellationToken).ConfigureAwait(false) : null;

    /// <summary>Waits for <paramref name="command"/> at most <see cref="OperationTimeout"/>; a timeout makes Redis skipped for <see cref="HungBackOff"/>.</summary>
    /// <typeparam name="T">The command's result.</typeparam>
    /// <param name="command">The command, already sent.</param>
    /// <param name="cancellationToken">Stops the wait (the command itself goes on alone: StackExchange.Redis takes no token).</param>
    /// <returns>The result.</returns>
    /// <exception cref="TimeoutException">Redis did not answer within <see cref="OperationTimeout"/>.</exception>
    public async Task<T> RunAsync<T>(Task<T> command, CancellationToken cancellationToken = default)
    {
        try
        {
            return await command.WaitAsync(OperationTimeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!command.IsCompleted)
        {
            Interlocked.Exchange(ref _skipUntil, Stopwatch.GetTimestamp() + (long)(HungBackOff.TotalSeconds * Stopwatch.Frequency));

            // The abandoned command ends later, in StackExchange.Redis's own timeout: observe its failure so it is not reported as unobserved.
            _ = command.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw new TimeoutException($"Redis did not answer within {OperationTimeout.TotalMilliseconds:0} ms (ZaiClientOptions.Cache.RedisOperationTimeout); it is skipped for {HungBackOff.TotalSeconds:0} s.");
        }
    }

    /// <summary>Closes a connection this client opened (once its background connect is over); a given one stays open.</summary>
    /// <returns>A task that completes when it is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_connecting is null || Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (await _connecting.ConfigureAwait(false) is { } opened)
        {
            await opened.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<ConnectionMultiplexer?> ConnectAsync(ConfigurationOptions config, ILogger logger)
    {
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or System.Net.Sockets.SocketException)
        {
            RedisConnectionLog.ConnectFailed(logger, ex.GetType().Name);
            return null;
        }
    }
}

/// <summary>The connection's log messages; they name no endpoint or password.</summary>
internal static partial class RedisConnectionLog
{
    [LoggerMessage(301, LogLevel.Warning, "Could not open the Redis connection of the Z.AI client ({Reason}); the cache and the rate limiter go on without Redis")]
    public static partial void ConnectFailed(ILogger logger, string reason);
}
