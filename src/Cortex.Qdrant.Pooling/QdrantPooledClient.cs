using System.Diagnostics.Metrics;
using System.Globalization;
using Cortex.Internal;
using Cortex.Qdrant.Pooling.Internal;
using Cortex.Qdrant.Pooling.Statistics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace Cortex.Qdrant.Pooling;

/// <summary>
/// Pooled, balanced, self-healing access to one or more Qdrant nodes through the official <see cref="global::Qdrant.Client.QdrantClient"/>.
/// Each node gets a pool of HTTP/2 connections (gRPC channels) that grows with concurrency and shrinks when idle;
/// requests are balanced across healthy nodes, retried on another node when that is safe, cut off from a failing node
/// by its circuit breaker, and queued by priority when every connection is busy.
/// </summary>
/// <example>
/// <code>
/// var hits = await pool.ExecuteAsync(
///     (client, ct) => client.QueryAsync("memories", query: vector, limit: 10, cancellationToken: ct),
///     QdrantRequestOptions.Read, cancellationToken);
/// </code>
/// </example>
public sealed partial class QdrantPooledClient : IAsyncDisposable
{
    private static readonly ResiliencePropertyKey<IAttempt> AttemptKey = new("cortex.qdrant.attempt");

    private readonly QdrantPoolOptions _options;
    private readonly PoolLimits _limits;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly NodeSelector _selector;
    private readonly RequestQueue _queue = new();
    private readonly ResiliencePipeline _pipeline;
    private readonly PoolMetrics? _metrics;
    private readonly LatencyRecorder _requestLatency = new();
    private readonly LatencyRecorder _queueLatency = new();
    private readonly Lock _nodesLock = new();
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _monitorStopping = new();
    private readonly PeriodicTimer _monitorTimer;
    private PoolNode[] _nodes;
    private IDisposable? _reloads;
    private long _requests;
    private long _failures;
    private long _retries;
    private long _queueRejections;
    private long _queued;
    private int _inFlight;
    private int _disposed;

    /// <summary>
    /// Initializes a new instance of the <see cref="QdrantPooledClient"/> class. No connection is opened until <see cref="InitializeAsync"/> or the first
    /// request. The pool runs its own health monitor from here until it is disposed, hosted or not: <see cref="CheckHealthAsync"/> every
    /// <see cref="QdrantPoolOptions.HealthCheckInterval"/>, which also closes connections idle for <see cref="QdrantPoolOptions.ConnectionIdleTimeout"/>.
    /// </summary>
    /// <param name="options">The nodes and the pool's settings; checked here.</param>
    /// <param name="loggerFactory">Where node and circuit state changes are logged; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for timeouts, backoff, circuit breaks and idle connections; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="meterFactory">Creates the <c>Cortex.Qdrant.Pooling</c> meter; a standalone meter when <see langword="null"/>.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">An option is invalid; the message names it and its value.</exception>
    public QdrantPooledClient(QdrantPoolOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        QdrantPoolOptionsValidator.ThrowIfInvalid(options);
        _options = options;
        _limits = new PoolLimits(options.MaxConnections);
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<QdrantPooledClient>();
        _time = timeProvider ?? TimeProvider.System;
        _selector = new NodeSelector(options.LoadBalancing);
        _nodes = [.. options.Nodes.Select(CreateNode)];
        _pipeline = BuildPipeline();
        _metrics = options.EnableMetrics ? new PoolMetrics(meterFactory, this) : null;

        // Created here, not in the loop, so the first interval counts from construction (and a fake clock sees the timer at once).
        _monitorTimer = new PeriodicTimer(options.HealthCheckInterval, _time);
        MonitorTask = MonitorAsync(_monitorStopping.Token);
    }

    /// <summary>Occurs when a node's health changes (up, down, draining). Handlers run on the pool's thread and must not block; an exception they throw is logged and ignored.</summary>
    public event EventHandler<QdrantNodeStateChangedEventArgs>? NodeStateChanged;

    /// <summary>Occurs when a node's circuit breaker opens, half-opens or closes. Handlers must not block; an exception they throw is logged and ignored.</summary>
    public event EventHandler<QdrantCircuitStateChangedEventArgs>? CircuitStateChanged;

    /// <summary>Gets the most connections the pool opens to one node now: <see cref="QdrantPoolOptions.MaxConnections"/> until
    /// <see cref="SetMaxConnections"/> or a configuration reload changes it.</summary>
    public int MaxConnections => _limits.MaxConnections;

    /// <summary>Gets the ids of the nodes in the pool.</summary>
    public IReadOnlyList<string> NodeIds => [.. Volatile.Read(ref _nodes).Select(n => n.Id)];

    internal PoolNode[] NodesSnapshot => Volatile.Read(ref _nodes);

    internal int QueueLength => _queue.Count;

    /// <summary>The health monitor's loop; it completes when the pool is disposed.</summary>
    internal Task MonitorTask { get; }

    /// <summary>
    /// Opens <see cref="QdrantPoolOptions.MinConnections"/> connections to every node and checks each node's health.
    /// Nodes that do not answer are marked down and retried by the health monitor.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when every node has answered or failed.</returns>
    /// <exception cref="QdrantNodesUnavailableException">No node answered; the message names each node and its error.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var nodes = NodesSnapshot;
        var outcomes = await Task.WhenAll(nodes.Select(n => WarmAsync(n, cancellationToken))).ConfigureAwait(false);
        var up = outcomes.Count(o => o is null);
        Log.Initialized(_logger, up, nodes.Length, nodes.Sum(n => n.Connections.Count));
        if (up == 0 && nodes.Length > 0)
        {
            var details = string.Join("; ", nodes.Zip(outcomes, (n, error) => $"{n.Id} ({QdrantPoolOptionsValidator.Printable(n.Address.ToString())}): {error}"));
            throw new QdrantNodesUnavailableException(
                $"No Qdrant node answered its health check at start: {details}. Check that Qdrant is running and that QDRANT_URL / the configured node URLs point at its gRPC port (6334).");
        }
    }

    /// <summary>Adds a node; it takes requests at once, opening connections on demand.</summary>
    /// <param name="node">The node. Its id must be new.</param>
    /// <exception cref="ArgumentException">The node is invalid or its id is taken; the message says which.</exception>
    public void AddNode(QdrantNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_nodesLock)
        {
            var ids = new HashSet<string>(_nodes.Select(n => n.Id), StringComparer.Ordinal);
            var errors = QdrantPoolOptionsValidator.ValidateNode(node, "node", ids);
            if (errors.Count > 0)
            {
                throw new ArgumentException(string.Join(" ", errors), nameof(node));
            }

            Volatile.Write(ref _nodes, [.. _nodes, CreateNode(node)]);
        }

        Log.NodeAdded(_logger, node.Id, QdrantPoolOptionsValidator.Printable(node.Url));
        WakeQueued();
    }

    /// <summary>
    /// Changes, in the running pool, the most connections it opens to each node. Raising it lets queued requests open
    /// connections at once; lowering it closes no connection in use (extra ones close as they fall idle). The options
    /// object is not changed. A later configuration reload of a hosted pool replaces this value with the configured one
    /// (the reload wins).
    /// </summary>
    /// <param name="maxConnections">The new limit per node: from <see cref="QdrantPoolOptions.MinConnections"/> (and at least 1) to 1,000, the bounds the options validator applies.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxConnections"/> is out of those bounds; the message names the value and the bounds.</exception>
    public void SetMaxConnections(int maxConnections) => ChangeMaxConnections(maxConnections, nameof(SetMaxConnections));

    private void ChangeMaxConnections(int maxConnections, string source)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var error = QdrantPoolOptionsValidator.MaxConnectionsError(maxConnections)
            ?? (maxConnections < _options.MinConnections
                ? string.Create(CultureInfo.InvariantCulture, $"QdrantPoolOptions.MaxConnections ({maxConnections}) must not be below MinConnections ({_options.MinConnections}).")
                : null);
        if (error is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(maxConnections), maxConnections, error);
        }

        var previous = _limits.MaxConnections;
        _limits.MaxConnections = maxConnections;
        if (previous != maxConnections)
        {
            Log.MaxConnectionsChanged(_logger, maxConnections, previous, source);
        }

        if (maxConnections > previous)
        {
            WakeQueued();
        }
    }

    /// <summary>Applies each reload of the named options to what can change live: <see cref="QdrantPoolOptions.MaxConnections"/>.</summary>
    internal void FollowReloads(IOptionsMonitor<QdrantPoolOptions> monitor, string name) =>
        _reloads = monitor.OnChange((options, changed) =>
        {
            if (!string.Equals(changed ?? Options.DefaultName, name, StringComparison.Ordinal) || Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            try
            {
                ChangeMaxConnections(options.MaxConnections, "a configuration reload");
            }
            catch (ArgumentOutOfRangeException ex)
            {
                Log.ReloadRejected(_logger, _limits.MaxConnections, ex.Message);
            }
        });

    /// <summary>
    /// Removes a node: it stops taking new requests at once, finishes the ones in flight, then its connections close.
    /// </summary>
    /// <param name="nodeId">The node's id.</param>
    /// <param name="cancellationToken">Stops waiting for the drain; the node stays draining and is removed when idle.</param>
    /// <returns><see langword="true"/> when the node was found and removed.</returns>
    public async Task<bool> RemoveNodeAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        var node = NodesSnapshot.FirstOrDefault(n => n.Id == nodeId);
        if (node is null)
        {
            return false;
        }

        var before = node.Health;
        var drain = node.DrainAsync(cancellationToken);
        RaiseNodeState(node, before, QdrantNodeHealth.Draining, "removed from the pool");
        await drain.ConfigureAwait(false);
        lock (_nodesLock)
        {
            Volatile.Write(ref _nodes, [.. _nodes.Where(n => n != node)]);
        }

        node.Dispose();
        Log.NodeRemoved(_logger, nodeId);
        return true;
    }

    /// <summary>Gets the pool's figures, per node and in total; the same numbers as its metrics.</summary>
    /// <returns>A snapshot.</returns>
    public QdrantPoolStatistics GetStatistics()
    {
        var nodes = NodesSnapshot.Select(n =>
        {
            var latency = n.Latency.Snapshot();
            var connections = n.Connections;
            return new QdrantNodeStatistics
            {
                NodeId = n.Id,
                Url = QdrantPoolOptionsValidator.Printable(n.Address.ToString()),
                Weight = n.Weight,
                Active = n.Active,
                Health = n.Health,
                Circuit = n.Circuit,
                OpenConnections = connections.Count,
                BusyConnections = connections.Count(c => c.InFlight > 0),
                InFlight = n.InFlight,
                Requests = n.Requests,
                Errors = n.Errors,
                ErrorsByStatus = n.ErrorsByStatus(),
                P50 = latency.P50,
                P95 = latency.P95,
                P99 = latency.P99,
            };
        }).ToList();
        var requests = _requestLatency.Snapshot();
        return new QdrantPoolStatistics
        {
            Nodes = nodes,
            Requests = Volatile.Read(ref _requests),
            Failures = Volatile.Read(ref _failures),
            Retries = Volatile.Read(ref _retries),
            InFlight = Volatile.Read(ref _inFlight),
            QueueLength = _queue.Count,
            QueueRejections = Volatile.Read(ref _queueRejections),
            Queued = Volatile.Read(ref _queued),
            QueueWaitP95 = _queueLatency.Snapshot().P95,
            P50 = requests.P50,
            P95 = requests.P95,
            P99 = requests.P99,
        };
    }

    /// <summary>
    /// Stops taking requests, waits (up to <see cref="QdrantPoolOptions.RequestTimeout"/>) for those in flight, then
    /// closes every connection.
    /// </summary>
    /// <returns>A task that completes when the pool is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _reloads?.Dispose();
        await _monitorStopping.CancelAsync().ConfigureAwait(false);
        _monitorTimer.Dispose();
        await MonitorTask.ConfigureAwait(false);
        _monitorStopping.Dispose();

        if (Volatile.Read(ref _inFlight) > 0)
        {
            try
            {
                await _idle.Task.WaitAsync(_options.RequestTimeout, _time).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Requests still running after their own timeout are abandoned; their channels close under them.
            }
        }

        foreach (var node in Interlocked.Exchange(ref _nodes, []))
        {
            node.Dispose();
        }

        _metrics?.Dispose();
    }

    private async Task MonitorAsync(CancellationToken stopping)
    {
        try
        {
            while (await _monitorTimer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    await CheckHealthAsync(stopping).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && Volatile.Read(ref _disposed) != 0)
                {
                    return;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Log.MonitorRoundFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private PoolNode CreateNode(QdrantNode node) => new(node, _options, _limits, _loggerFactory, _time, OnCircuitChanged);

    // A connection freed or allowed wakes one waiter each; this wakes as many as could now be served.
    private void WakeQueued()
    {
        for (var i = Math.Min(_queue.Count, _limits.MaxConnections * _options.MaxConcurrentStreamsPerConnection); i > 0; i--)
        {
            _queue.SignalOne();
        }
    }

    // The whole request (queueing, attempts and backoff) runs under one Polly timeout, whose pooled cancellation sources
    // cost next to nothing per call.
    private ResiliencePipeline BuildPipeline() =>
        new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = args => ValueTask.FromResult(
                    args.Context.Properties.TryGetValue(AttemptKey, out var attempt) ? attempt.Timeout : _options.RequestTimeout),
            })
            .Build();

    private void OnCircuitChanged(PoolNode node, QdrantCircuitState state, TimeSpan breakDuration)
    {
        Log.CircuitChanged(_logger, node.Id, state, breakDuration);
        var handler = CircuitStateChanged;
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(this, new QdrantCircuitStateChangedEventArgs(node.Id, state, breakDuration));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.HandlerFailed(_logger, nameof(CircuitStateChanged), ex);
        }
    }

    private void RaiseNodeState(PoolNode node, QdrantNodeHealth before, QdrantNodeHealth after, string reason)
    {
        if (before == after)
        {
            return;
        }

        Log.NodeHealthChanged(_logger, node.Id, QdrantPoolOptionsValidator.Printable(node.Address.ToString()), after, before, reason);
        var handler = NodeStateChanged;
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(this, new QdrantNodeStateChangedEventArgs(node.Id, before, after, reason));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.HandlerFailed(_logger, nameof(NodeStateChanged), ex);
        }
    }
}
