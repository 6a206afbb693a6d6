namespace Cortex.Slo.Status;

/// <summary>
/// One operation named in <see cref="SloMonitor.Record"/>, counted since the monitor started. Percentiles are kept for
/// the service as a whole (the SLOs); per operation the monitor keeps counts and the mean, so recording stays cheap.
/// </summary>
/// <param name="Operation">The operation's name.</param>
/// <param name="Count">How many times it was recorded.</param>
/// <param name="Errors">How many of those failed.</param>
/// <param name="MeanDuration">Its mean duration.</param>
public sealed record OperationSummary(string Operation, long Count, long Errors, TimeSpan MeanDuration)
{
    /// <summary>Gets the fraction of failed calls, from 0 to 1.</summary>
    public double ErrorRate => Count == 0 ? 0 : (double)Errors / Count;
}
