using Microsoft.Extensions.Logging;

namespace Cortex.Qdrant.Pooling.Internal;

/// <summary>The pool's log messages. None carries an API key: nodes are named by id and printable URL only.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Qdrant node {NodeId} ({Url}) is now {Health} (was {Previous}): {Reason}")]
    public static partial void NodeHealthChanged(ILogger logger, string nodeId, string url, QdrantNodeHealth health, QdrantNodeHealth previous, string reason);

    [LoggerMessage(2, LogLevel.Warning, "Circuit of Qdrant node {NodeId} is now {State}; break {BreakDuration}")]
    public static partial void CircuitChanged(ILogger logger, string nodeId, QdrantCircuitState state, TimeSpan breakDuration);

    [LoggerMessage(3, LogLevel.Debug, "Retrying Qdrant request after {Status} on attempt {Attempt}, in {Delay}")]
    public static partial void Retrying(ILogger logger, string status, int attempt, TimeSpan delay);

    [LoggerMessage(4, LogLevel.Information, "Qdrant pool initialized: {Up} of {Total} nodes answered, {Connections} connections open")]
    public static partial void Initialized(ILogger logger, int up, int total, int connections);

    [LoggerMessage(5, LogLevel.Information, "Qdrant node {NodeId} ({Url}) added to the pool")]
    public static partial void NodeAdded(ILogger logger, string nodeId, string url);

    [LoggerMessage(6, LogLevel.Information, "Qdrant node {NodeId} drained and removed from the pool")]
    public static partial void NodeRemoved(ILogger logger, string nodeId);

    [LoggerMessage(7, LogLevel.Error, "A handler of the Qdrant pool's {Event} event threw; the pool carries on")]
    public static partial void HandlerFailed(ILogger logger, string @event, Exception exception);

    [LoggerMessage(8, LogLevel.Debug, "Closed {Count} idle connections to Qdrant node {NodeId}")]
    public static partial void ClosedIdle(ILogger logger, int count, string nodeId);

    [LoggerMessage(9, LogLevel.Error, "A health-monitor round of the Qdrant pool failed; the next runs as scheduled")]
    public static partial void MonitorRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(10, LogLevel.Information, "Qdrant pool MaxConnections is now {MaxConnections} per node (was {Previous}), from {Source}")]
    public static partial void MaxConnectionsChanged(ILogger logger, int maxConnections, int previous, string source);

    [LoggerMessage(11, LogLevel.Warning, "Reloaded Qdrant pool options not applied, the pool keeps MaxConnections {MaxConnections}: {Reason}")]
    public static partial void ReloadRejected(ILogger logger, int maxConnections, string reason);
}
