namespace Cortex.Slo.Status;

/// <summary>An anomaly was flagged.</summary>
/// <param name="anomaly">The anomaly.</param>
public sealed class AnomalyEventArgs(Anomaly anomaly) : EventArgs
{
    /// <summary>Gets the anomaly.</summary>
    public Anomaly Anomaly { get; } = anomaly;
}
