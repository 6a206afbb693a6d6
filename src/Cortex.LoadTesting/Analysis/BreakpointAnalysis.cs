namespace Cortex.LoadTesting.Analysis;

/// <summary>Where a ramping run stopped coping, computed from its timeline.</summary>
public sealed record BreakpointAnalysis
{
    /// <summary>Gets the unit of the loads: <c>users</c> or <c>iterations/s</c>.</summary>
    public required string LoadUnit { get; init; }

    /// <summary>Gets the load levels the run went through, lowest first.</summary>
    public IReadOnlyList<LoadLevel> Levels { get; init; } = [];

    /// <summary>Gets the highest level at which every threshold held and the load was delivered, or <see langword="null"/> when none did.</summary>
    public double? MaxSustainableLoad { get; init; }

    /// <summary>Gets the requests per second achieved at <see cref="MaxSustainableLoad"/>.</summary>
    public double? MaxSustainableThroughput { get; init; }

    /// <summary>
    /// Gets the load at which something broke, or <see langword="null"/> when nothing did: the first failing level's
    /// target for a hold; on a ramp, placed inside the failing bin from its intervals (where a threshold crossed its
    /// limit, or the rate an open model's system still finished at), within about a tenth of the true capacity.
    /// </summary>
    public double? BreakingLoad { get; init; }

    /// <summary>Gets what broke at <see cref="BreakingLoad"/>.</summary>
    public IReadOnlyList<string> BrokenBy { get; init; } = [];

    /// <summary>Gets the levels between which p95 latency rose sharply.</summary>
    public IReadOnlyList<DegradationPoint> DegradationPoints { get; init; } = [];
}
