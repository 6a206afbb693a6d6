using System.Globalization;
using Cortex.Internal;

using Cortex.LoadTesting.Endurance.Internal;

namespace Cortex.LoadTesting.Endurance;

/// <summary>How reports and tools write the endurance figures, so every place says the same.</summary>
public static class EnduranceReport
{
    /// <summary>Gets the verdict as reports write it: <c>leak</c>, <c>no leak</c> or <c>inconclusive</c>.</summary>
    /// <param name="verdict">The verdict.</param>
    /// <returns>The verdict's name.</returns>
    public static string VerdictName(LeakVerdict verdict) => verdict switch
    {
        LeakVerdict.Leak => "leak",
        LeakVerdict.NoLeak => "no leak",
        _ => "inconclusive",
    };

    /// <summary>Gets a memory trend as reports write it: <c>+612 MiB/min (95 % CI +590 to +634, R² 0.99; 120.5 → 250.1 MiB, 40 samples): leak</c>.</summary>
    /// <param name="t">The trend.</param>
    /// <returns>The trend's text.</returns>
    public static string Trend(MemoryTrend t) => string.Create(
        CultureInfo.InvariantCulture,
        $"{EnduranceAnalyzer.Growth(t.SlopePerMinute)} (95 % CI {EnduranceAnalyzer.Growth(t.SlopeLowPerMinute)} to {EnduranceAnalyzer.Growth(t.SlopeHighPerMinute)}, R² {t.RSquared:0.00}; {Mib(t.FirstBytes)} → {Mib(t.LastBytes)}, {t.Samples} samples): {VerdictName(t.Verdict)}");

    private static string Mib(double bytes) => Figures.Number(bytes / (1024 * 1024)) + " MiB";
}
