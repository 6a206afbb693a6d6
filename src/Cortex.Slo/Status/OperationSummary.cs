using Cortex.Abstractions.Slo;

namespace Cortex.Slo;

/// <summary>One operation named in <see cref="SloMonitor.Record"/>, measured since the monitor started.</summary>
/// <param name="Operation">The operation's name.</param>
/// <param name="Summary">Its count, errors and latency percentiles.</param>
public sealed record OperationSummary(string Operation, LatencySummary Summary);
