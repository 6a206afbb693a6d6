namespace Cortex.Qdrant.Pooling;

/// <summary>A node's circuit breaker changed state.</summary>
/// <param name="nodeId">The node.</param>
/// <param name="current">The state now.</param>
/// <param name="breakDuration">How long the circuit stays open, when it opened; otherwise <see cref="TimeSpan.Zero"/>.</param>
public sealed class QdrantCircuitStateChangedEventArgs(string nodeId, QdrantCircuitState current, TimeSpan breakDuration) : EventArgs
{
    /// <summary>Gets the node's id.</summary>
    public string NodeId { get; } = nodeId;

    /// <summary>Gets the circuit's state after the change.</summary>
    public QdrantCircuitState Current { get; } = current;

    /// <summary>Gets how long the circuit stays open, when it has just opened.</summary>
    public TimeSpan BreakDuration { get; } = breakDuration;
}
