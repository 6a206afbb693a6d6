namespace Cortex.LoadTesting.Analysis;

/// <summary>Two neighbouring load levels between which the 95th percentile latency rose sharply.</summary>
/// <param name="FromLoad">The lower level's target load.</param>
/// <param name="ToLoad">The higher level's target load.</param>
/// <param name="FromP95">The p95 latency at the lower level, in milliseconds.</param>
/// <param name="ToP95">The p95 latency at the higher level, in milliseconds.</param>
public sealed record DegradationPoint(double FromLoad, double ToLoad, double FromP95, double ToP95)
{
    /// <summary>Gets how many times higher the p95 became.</summary>
    public double Factor => FromP95 <= 0 ? double.PositiveInfinity : ToP95 / FromP95;
}
