using Cortex.Internal;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;

namespace Cortex.Qdrant.Pooling.Internal;

/// <summary>One node as the pool sees it: its connections, health, circuit breaker and figures.</summary>
internal sealed class PoolNode : IDisposable
{
    private readonly Lock _lock = new();
    private readonly QdrantPoolOptions _options;
    private readonly PoolLimits _limits;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly long[] _errorsByStatus = new long[17];
    private PooledConnection[] _connections = [];
    private int _inFlight;
    private long _requests;
    private long _errors;
    private int _consecutiveHealthFailures;
    private TaskCompletionSource? _drained;
    private long _openUntil;

    public PoolNode(QdrantNode node, QdrantPoolOptions options, PoolLimits limits, ILoggerFactory loggerFactory, TimeProvider time, Action<PoolNode, QdrantCircuitState, TimeSpan> onCircuitChange)
    {
        _limits = limits;
        Id = node.Id;
        Address = new Uri(node.Url);
        ApiKey = node.ApiKey;
        Weight = node.Weight;
        Active = node.Active;
        _options = options;
        _loggerFactory = loggerFactory;
        _time = time;
        Breaker = options.EnableCircuitBreaker ? BuildBreaker(options, time, onCircuitChange) : ResiliencePipeline<object?>.Empty;
    }

    public string Id { get; }

    public Uri Address { get; }

    public string? ApiKey { get; }

    public int Weight { get; }

    public bool Active { get; set; }

    public QdrantNodeHealth Health { get; private set; } = QdrantNodeHealth.Unknown;

    public ResiliencePipeline<object?> Breaker { get; }

    public LatencyRecorder Latency { get; } = new();

    /// <summary>The smooth weighted round-robin's running weight; guarded by the selector's lock.</summary>
    public long CurrentWeight { get; set; }

    public int InFlight => Volatile.Read(ref _inFlight);

    public long Requests => Volatile.Read(ref _requests);

    public long Errors => Volatile.Read(ref _errors);

    public QdrantCircuitState Circuit => _options.EnableCircuitBreaker
        ? _circuit.CircuitState switch
        {
            CircuitState.Open => QdrantCircuitState.Open,
            CircuitState.HalfOpen => QdrantCircuitState.HalfOpen,
            CircuitState.Isolated => QdrantCircuitState.Isolated,
            _ => QdrantCircuitState.Closed,
        }
        : QdrantCircuitState.Closed;

    /// <summary>
    /// Whether new requests may go to this node. An open circuit whose break has ended counts as eligible: Polly moves
    /// it to half-open only when a request arrives, so the probe must be let through to reach it.
    /// </summary>
    public bool IsEligible => Active
        && Health is QdrantNodeHealth.Up or QdrantNodeHealth.Unknown
        && Circuit switch
        {
            QdrantCircuitState.Closed or QdrantCircuitState.HalfOpen => true,
            QdrantCircuitState.Open => _time.GetTimestamp() >= Volatile.Read(ref _openUntil),
            _ => false,
        };

    public IReadOnlyList<PooledConnection> Connections => Volatile.Read(ref _connections);

    /// <summary>
    /// Takes a stream on the first connection with room, opening a connection only when every open one carries
    /// <see cref="QdrantPoolOptions.MaxConcurrentStreamsPerConnection"/> requests. Filling connections in order (as gRPC
    /// advises: one channel until its streams run out) keeps HTTP/2 frames batched; the warm extra connections stand by.
    /// </summary>
    public PooledConnection? TryAcquire()
    {
        var max = _options.MaxConcurrentStreamsPerConnection;
        foreach (var connection in Volatile.Read(ref _connections))
        {
            if (connection.InFlight < max && connection.TryTake(max))
            {
                Interlocked.Increment(ref _inFlight);
                return connection;
            }
        }

        lock (_lock)
        {
            // Another caller may have opened one, or freed a stream, while we scanned.
            foreach (var connection in _connections)
            {
                if (connection.TryTake(max))
                {
                    Interlocked.Increment(ref _inFlight);
                    return connection;
                }
            }

            if (CountUsable(_connections) >= _limits.MaxConnections)
            {
                return null;
            }

            var opened = Open();
            opened.TryTake(max);
            Interlocked.Increment(ref _inFlight);
            return opened;
        }
    }

    /// <summary>Gives a stream back, and closes the connection if it broke and is now idle.</summary>
    public void Release(PooledConnection connection)
    {
        var remaining = connection.Return(_time.GetTimestamp());
        if (remaining == 0 && connection.IsBroken)
        {
            Remove(connection);
        }

        if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _drained) is { } drained)
        {
            drained.TrySetResult();
        }
    }

    public void RecordAttempt(StatusCode status, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _requests);
        if (status != StatusCode.OK)
        {
            Interlocked.Increment(ref _errors);
            Interlocked.Increment(ref _errorsByStatus[(int)status]);
        }

        if (_options.EnableMetrics)
        {
            Latency.Record(elapsed);
        }
    }

    public IReadOnlyDictionary<string, long> ErrorsByStatus()
    {
        var result = new Dictionary<string, long>();
        for (var i = 0; i < _errorsByStatus.Length; i++)
        {
            var count = Volatile.Read(ref _errorsByStatus[i]);
            if (count > 0)
            {
                result[((StatusCode)i).ToString()] = count;
            }
        }

        return result;
    }

    /// <summary>Opens connections until the node has <see cref="QdrantPoolOptions.MinConnections"/>; returns the ones opened.</summary>
    public IReadOnlyList<PooledConnection> TopUp()
    {
        lock (_lock)
        {
            var opened = new List<PooledConnection>();
            while (CountUsable(_connections) < _options.MinConnections)
            {
                opened.Add(Open());
            }

            return opened;
        }
    }

    /// <summary>
    /// A connection for the health check, leased beyond the stream limit (health checks must not queue behind requests);
    /// give it back with <see cref="ReleaseProbe"/>.
    /// </summary>
    public PooledConnection ProbeConnection()
    {
        lock (_lock)
        {
            foreach (var connection in _connections)
            {
                if (connection.TryTake(int.MaxValue))
                {
                    return connection;
                }
            }

            var opened = Open();
            opened.TryTake(int.MaxValue);
            return opened;
        }
    }

    /// <summary>Gives back a probe's lease without counting it as use, and closes the connection if it broke and is now idle.</summary>
    public void ReleaseProbe(PooledConnection connection)
    {
        if (connection.ReturnProbe() == 0 && connection.IsBroken)
        {
            Remove(connection);
        }
    }

    /// <summary>Records a health check; returns the health before and after.</summary>
    public (QdrantNodeHealth Before, QdrantNodeHealth After) OnHealthCheck(bool success)
    {
        lock (_lock)
        {
            var before = Health;
            if (before == QdrantNodeHealth.Draining)
            {
                return (before, before);
            }

            if (success)
            {
                _consecutiveHealthFailures = 0;
                Health = QdrantNodeHealth.Up;
            }
            else if (++_consecutiveHealthFailures >= _options.HealthCheckFailureThreshold)
            {
                Health = QdrantNodeHealth.Down;
            }

            return (before, Health);
        }
    }

    /// <summary>Closes connections beyond the minimum that have been idle longer than the idle timeout, and broken idle ones.</summary>
    public int CloseIdle()
    {
        var now = _time.GetTimestamp();
        var closed = new List<PooledConnection>();
        lock (_lock)
        {
            var keep = new List<PooledConnection>(_connections.Length);
            var usable = CountUsable(_connections);
            foreach (var connection in _connections)
            {
                // TryClose fails if a request took a stream since InFlight was read: the connection then stays.
                var idle = connection.InFlight == 0;
                if (idle && connection.IsBroken && connection.TryClose())
                {
                    closed.Add(connection);
                }
                else if (idle && !connection.IsBroken && usable > _options.MinConnections
                    && _time.GetElapsedTime(connection.LastUsed, now) >= _options.ConnectionIdleTimeout && connection.TryClose())
                {
                    closed.Add(connection);
                    usable--;
                }
                else
                {
                    keep.Add(connection);
                }
            }

            Volatile.Write(ref _connections, [.. keep]);
        }

        foreach (var connection in closed)
        {
            connection.Dispose();
        }

        return closed.Count;
    }

    /// <summary>Stops new requests and completes when the requests in flight have finished.</summary>
    public Task DrainAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Health = QdrantNodeHealth.Draining;
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        if (InFlight == 0)
        {
            _drained.TrySetResult();
        }

        return _drained.Task.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        PooledConnection[] connections;
        lock (_lock)
        {
            connections = _connections;
            _connections = [];
        }

        foreach (var connection in connections)
        {
            connection.Dispose();
        }
    }

    private static int CountUsable(PooledConnection[] connections)
    {
        var count = 0;
        foreach (var connection in connections)
        {
            if (!connection.IsBroken)
            {
                count++;
            }
        }

        return count;
    }

    private ResiliencePipeline<object?> BuildBreaker(QdrantPoolOptions options, TimeProvider time, Action<PoolNode, QdrantCircuitState, TimeSpan> onCircuitChange) =>
        new ResiliencePipelineBuilder<object?> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<object?>
            {
                FailureRatio = options.CircuitBreakerFailureRatio,
                MinimumThroughput = options.CircuitBreakerThreshold,
                SamplingDuration = options.CircuitBreakerSamplingDuration,
                BreakDuration = options.CircuitBreakerTimeout,
                StateProvider = _circuit,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && FailureClassifier.IsNodeFailure(e) && !args.Context.CancellationToken.IsCancellationRequested),
                OnOpened = args =>
                {
                    Volatile.Write(ref _openUntil, time.GetTimestamp() + (long)(args.BreakDuration.TotalSeconds * time.TimestampFrequency));
                    onCircuitChange(this, QdrantCircuitState.Open, args.BreakDuration);
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    onCircuitChange(this, QdrantCircuitState.HalfOpen, TimeSpan.Zero);
                    return default;
                },
                OnClosed = _ =>
                {
                    onCircuitChange(this, QdrantCircuitState.Closed, TimeSpan.Zero);
                    return default;
                },
            })
            .Build();

    private PooledConnection Open()
    {
        var connection = PooledConnection.Open(Address, ApiKey, _options, _loggerFactory, _time.GetTimestamp());
        Volatile.Write(ref _connections, [.. _connections, connection]);
        return connection;
    }

    private void Remove(PooledConnection connection)
    {
        lock (_lock)
        {
            if (Array.IndexOf(_connections, connection) < 0 || !connection.TryClose())
            {
                return;
            }

            Volatile.Write(ref _connections, [.. _connections.Where(c => c != connection)]);
        }

        connection.Dispose();
    }
}
