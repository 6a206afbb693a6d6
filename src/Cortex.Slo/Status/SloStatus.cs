using Cortex.Abstractions.Slo;

namespace Cortex.Slo.Status;

/// <summary>The service's SLOs as last evaluated.</summary>
public sealed record SloStatus
{
    /// <summary>Gets when the SLOs were evaluated.</summary>
    public DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>Gets the worst health of any SLO.</summary>
    public SloHealth Health { get; init; }

    /// <summary>Gets every SLO.</summary>
    public IReadOnlyList<SloObjectiveStatus> Objectives { get; init; } = [];

    /// <summary>Gets the requests of the last 5 minutes.</summary>
    public LatencySummary? LastFiveMinutes { get; init; }

    /// <summary>Gets the requests of the last hour.</summary>
    public LatencySummary? LastHour { get; init; }

    /// <summary>Gets the process's resources.</summary>
    public ResourceUsage? Resources { get; init; }

    /// <summary>Gets how many alerts are firing.</summary>
    public int ActiveAlerts { get; init; }

    /// <summary>Gets each operation named in <see cref="SloMonitor.Record"/>, busiest first.</summary>
    public IReadOnlyList<OperationSummary> Operations { get; init; } = [];
}
