namespace Cortex.Slo.Status;

/// <summary>How one figure moves: this period against the previous one, its slope, and when the error budget runs out at the current burn.</summary>
public sealed record SloTrend
{
    /// <summary>Gets the figure: an SLO's name, or <c>requests.p95</c>, <c>requests.error_rate</c>, <c>requests.throughput</c>.</summary>
    public required string Metric { get; init; }

    /// <summary>Gets the length of the compared periods.</summary>
    public TimeSpan Period { get; init; }

    /// <summary>Gets the value over the last period; <see langword="null"/> without data.</summary>
    public double? Current { get; init; }

    /// <summary>Gets the value over the period before; <see langword="null"/> without data.</summary>
    public double? Previous { get; init; }

    /// <summary>Gets the change in percent of the previous value; <see langword="null"/> when either is missing or the previous is zero.</summary>
    public double? ChangePercent { get; init; }

    /// <summary>Gets the least-squares slope per hour over the last period's points.</summary>
    public double? SlopePerHour { get; init; }

    /// <summary>Gets when the error budget runs out if the current burn continues; <see langword="null"/> when it does not (or the figure has no budget).</summary>
    public DateTimeOffset? BudgetExhaustedAt { get; init; }
}
