using Cortex.LoadTesting.Analysis;

namespace Cortex.LoadTesting.Endurance;

/// <summary>A least-squares straight line through one memory figure's samples after the warm-up, with its confidence.</summary>
public sealed record MemoryTrend
{
    /// <summary>Gets the figure: <c>workingSet</c> or <c>gcHeap</c>.</summary>
    public required string Metric { get; init; }

    /// <summary>Gets the number of samples fitted.</summary>
    public int Samples { get; init; }

    /// <summary>Gets the fitted growth, in bytes per minute.</summary>
    public double SlopePerMinute { get; init; }

    /// <summary>Gets the lower end of the slope's 95 % confidence interval, in bytes per minute.</summary>
    public double SlopeLowPerMinute { get; init; }

    /// <summary>Gets the upper end of the slope's 95 % confidence interval, in bytes per minute.</summary>
    public double SlopeHighPerMinute { get; init; }

    /// <summary>Gets the share of the samples' variance the line explains, 0 to 1.</summary>
    public double RSquared { get; init; }

    /// <summary>Gets the first fitted sample, in bytes.</summary>
    public double FirstBytes { get; init; }

    /// <summary>Gets the last fitted sample, in bytes.</summary>
    public double LastBytes { get; init; }

    /// <summary>Gets this figure's own verdict.</summary>
    public LeakVerdict Verdict { get; init; }
}
