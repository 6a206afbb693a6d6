using System.Globalization;
using Cortex.LoadTesting.Analysis;
using Cortex.LoadTesting.Configuration;
using Cortex.LoadTesting.Distributed.Internal;
using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Reports;
using Cortex.LoadTesting.Results;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Cortex.LoadTesting.Distributed;

/// <summary>
/// One agent of a load test run by several processes together, coordinated through Redis (as k6 Cloud's agents are by
/// their controller). <see cref="JoinAsync"/> registers it and gives it its segment; <see cref="WaitForStartAsync"/>
/// waits for every agent and the common start; <see cref="ExecuteAsync"/> runs the segment while the intervals of
/// all agents are judged together and any agent's stop stops them all; <see cref="CollectAsync"/> merges every agent's
/// result. <see cref="RunAsync"/> does all three.
/// </summary>
/// <example>
/// <code>
/// await using var agent = await LoadTestAgent.JoinAsync(new() { Url = "redis://redis:6379", Agents = 3 }, options);
/// options.Segment = agent.Segment;
/// var run = await agent.RunAsync(factory.Create(options));
/// if (run.IsLeader) await LoadTestReports.WriteAsync(run.Merged, "results");
/// </code>
/// </example>
public sealed partial class LoadTestAgent : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    private readonly ConnectionMultiplexer _redis;
    private readonly IDatabase _db;
    private readonly RunKeys _keys;
    private readonly LoadTestCoordinatorOptions _options;
    private readonly RedisUrl _url;
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _gracefulStop;
    private DateTimeOffset? _start;

    private LoadTestAgent(ConnectionMultiplexer redis, RunKeys keys, string runId, int index, LoadTestCoordinatorOptions options, RedisUrl url, TimeSpan ttl, TimeSpan gracefulStop, TimeProvider time, ILogger logger)
    {
        _gracefulStop = gracefulStop;
        _redis = redis;
        _db = redis.GetDatabase();
        _keys = keys;
        RunId = runId;
        Index = index;
        _options = options;
        _url = url;
        _ttl = ttl;
        _time = time;
        _logger = logger;
        Segment = new ExecutionSegment(index, options.Agents);
    }

    /// <summary>Gets this agent's number, 1-based, in the order the agents registered; agent 1 is the leader.</summary>
    public int Index { get; }

    /// <summary>Gets the share of the load this agent generates: segment <see cref="Index"/> of the agents.</summary>
    public ExecutionSegment Segment { get; }

    /// <summary>Gets a value indicating whether this agent leads: it sets the start, judges the aggregate and should write the reports.</summary>
    public bool IsLeader => Index == 1;

    /// <summary>Gets the run's id, under which its Redis keys are kept.</summary>
    public string RunId { get; }

    /// <summary>Gets the coordinator's address, without user or password.</summary>
    public string Coordinator => _url.ToString();

    /// <summary>Gets how many agents the run has.</summary>
    public int Agents => _options.Agents;

    /// <summary>
    /// Connects to the coordinator and registers this agent: it gets the next number and so its segment. Agents of
    /// another test under the same run id, and agents beyond <see cref="LoadTestCoordinatorOptions.Agents"/>, are refused.
    /// </summary>
    /// <param name="coordinator">Where and how the agents meet.</param>
    /// <param name="test">The test every agent runs (its name is the default run id; its length bounds how long the keys live).</param>
    /// <param name="logger">Where the coordination is logged; <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for the system clock. Agents on several machines rely on synchronized clocks (NTP), as Kubernetes nodes are.</param>
    /// <param name="cancellationToken">Cancels the registration.</param>
    /// <returns>The registered agent; dispose it to close its connection.</returns>
    /// <exception cref="LoadTestConfigurationException">The coordinator options are invalid; each problem names its field.</exception>
    /// <exception cref="LoadTestCoordinationException">Redis cannot be reached, or the run id is taken.</exception>
    public static async Task<LoadTestAgent> JoinAsync(LoadTestCoordinatorOptions coordinator, LoadTestOptions test, ILogger<LoadTestAgent>? logger = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        ArgumentNullException.ThrowIfNull(test);
        var errors = coordinator.Validate();
        if (errors.Count > 0)
        {
            throw new LoadTestConfigurationException(errors);
        }

        var url = RedisUrl.Parse(coordinator.Url);
        var runId = coordinator.RunId ?? test.TestName;
        if (LoadTestCoordinatorOptions.ValidateRunId(runId) is { } problem)
        {
            throw new LoadTestConfigurationException([$"the run id (the test's name unless {nameof(LoadTestCoordinatorOptions)}.{nameof(LoadTestCoordinatorOptions.RunId)} is set) {problem}"]);
        }

        // Long enough for the slowest honest run; short enough that a crashed one does not block its id for long.
        var ttl = coordinator.RendezvousTimeout + coordinator.StartDelay + test.PlannedDuration + test.GracefulStop + coordinator.ResultTimeout + TimeSpan.FromMinutes(5);
        var redis = await ConnectAsync(url, cancellationToken).ConfigureAwait(false);
        try
        {
            var keys = new RunKeys(runId);
            var db = redis.GetDatabase();
            var description = Describe(test, coordinator.Agents);
            if (!await db.StringSetAsync(keys.Test, description, ttl, When.NotExists).ConfigureAwait(false)
                && (string?)await db.StringGetAsync(keys.Test).ConfigureAwait(false) is { } other && other != description)
            {
                throw new LoadTestCoordinationException($"run '{runId}' on {url} is {other}, but this agent's is {description}; give every agent the same test and --agents, and each run its own run id (--run-id).");
            }

            var index = (int)await db.StringIncrementAsync(keys.Agents).ConfigureAwait(false);
            await db.KeyExpireAsync(keys.Agents, ttl).ConfigureAwait(false);
            if (index > coordinator.Agents)
            {
                var left = await db.KeyTimeToLiveAsync(keys.Agents).ConfigureAwait(false) ?? ttl;
                throw new LoadTestCoordinationException(string.Create(CultureInfo.InvariantCulture,
                    $"run '{runId}' on {url} already has its {coordinator.Agents} agents (this one would be agent {index}): a run with this id is under way, or one ended without cleaning up (its keys expire in {Math.Ceiling(left.TotalSeconds)} s); give this run another id (--run-id)."));
            }

            var agent = new LoadTestAgent(redis, keys, runId, index, coordinator, url, ttl, test.GracefulStop, timeProvider ?? TimeProvider.System, (ILogger?)logger ?? NullLogger.Instance);
            LogJoined(agent._logger, index, coordinator.Agents, runId, agent.Coordinator);
            return agent;
        }
        catch
        {
            await redis.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Tells the others this agent is ready, waits until all are, and then until the common start the leader sets
    /// (<see cref="LoadTestCoordinatorOptions.StartDelay"/> after the last arrived). Returns at that instant.
    /// </summary>
    /// <param name="cancellationToken">Gives up waiting; the others learn this agent left.</param>
    /// <returns>The common start.</returns>
    /// <exception cref="LoadTestCoordinationException">Not every agent arrived within <see cref="LoadTestCoordinatorOptions.RendezvousTimeout"/> (the message says how many did), or the run was stopped before it started.</exception>
    public async Task<DateTimeOffset> WaitForStartAsync(CancellationToken cancellationToken = default)
    {
        await _db.StringIncrementAsync(_keys.Ready).ConfigureAwait(false);
        await _db.KeyExpireAsync(_keys.Ready, _ttl).ConfigureAwait(false);
        var deadline = _time.GetUtcNow() + _options.RendezvousTimeout;
        DateTimeOffset start;
        try
        {
            while (true)
            {
                if (StopMessage.Parse(await _db.StringGetAsync(_keys.Stop).ConfigureAwait(false)) is { } stop)
                {
                    throw new LoadTestCoordinationException($"run '{RunId}' on {Coordinator} ended before it started: {stop.ReasonFor(Agents)}.");
                }

                if (IsLeader && (long)await _db.StringGetAsync(_keys.Ready).ConfigureAwait(false) >= Agents)
                {
                    var at = _time.GetUtcNow() + _options.StartDelay;
                    await _db.StringSetAsync(_keys.Start, at.ToUnixTimeMilliseconds(), _ttl, When.NotExists).ConfigureAwait(false);
                }

                if ((long?)await _db.StringGetAsync(_keys.Start).ConfigureAwait(false) is { } ms)
                {
                    start = DateTimeOffset.FromUnixTimeMilliseconds(ms);
                    break;
                }

                if (_time.GetUtcNow() >= deadline)
                {
                    var arrived = (long)await _db.StringGetAsync(_keys.Ready).ConfigureAwait(false);
                    var reason = string.Create(CultureInfo.InvariantCulture, $"rendezvous timed out after {Seconds(_options.RendezvousTimeout)}: {arrived} of {Agents} agents arrived");
                    await PublishStopAsync(new StopMessage(Index, LoadTestStatus.Stopped, -1, reason)).ConfigureAwait(false);
                    throw new LoadTestCoordinationException($"run '{RunId}' on {Coordinator}: {reason} (this is agent {Index}); start all {Agents} agents, or lower --agents.");
                }

                await Task.Delay(Poll, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await PublishStopAsync(new StopMessage(Index, LoadTestStatus.Stopped, -1, "cancelled before the start")).ConfigureAwait(false);
            throw;
        }

        _start = start;
        await WaitUntilAsync(start, cancellationToken).ConfigureAwait(false);
        return start;
    }

    /// <summary>Closes the connection to Redis.</summary>
    /// <returns>A task that completes when it is closed.</returns>
    public ValueTask DisposeAsync() => _redis.DisposeAsync();

    /// <summary>Waits for the start to within about a millisecond: a timer to shortly before, then one-millisecond steps, since a long timer may fire several milliseconds late.</summary>
    private async Task WaitUntilAsync(DateTimeOffset start, CancellationToken cancellationToken)
    {
        var early = TimeSpan.FromMilliseconds(30);
        var wait = start - _time.GetUtcNow();
        if (wait > early)
        {
            await Task.Delay(wait - early, _time, cancellationToken).ConfigureAwait(false);
        }

        while (_time.GetUtcNow() < start)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(1), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(RedisUrl url, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var config = url.ToConfiguration(ConnectTimeout);
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or System.Net.Sockets.SocketException)
        {
            // StackExchange.Redis's messages name the endpoint, not the password; masked all the same.
            var message = url.Password is { Length: > 0 } password ? ex.Message.Replace(password, "***", StringComparison.Ordinal) : ex.Message;
            throw new LoadTestCoordinationException($"cannot reach the coordinator {url} within {ConnectTimeout.TotalSeconds:0} s: {message}", ex);
        }
    }

    private static string Describe(LoadTestOptions test, int agents) => string.Create(CultureInfo.InvariantCulture,
        $"test '{test.TestName}' ({LoadModels.ToName(test.Model)}, {Seconds(test.PlannedDuration)} planned, reporting every {Seconds(test.ReportingInterval)}, {agents} agents)");

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Agent {Agent} of {Agents} joined run {RunId} on {Coordinator}")]
    private static partial void LogJoined(ILogger logger, int agent, int agents, string runId, string coordinator);
}
