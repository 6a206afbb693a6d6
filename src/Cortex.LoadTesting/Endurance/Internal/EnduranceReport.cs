using System.Globalization;

namespace Cortex.LoadTesting.Endurance.Internal;

/// <summary>How reports and the CLI write the endurance figures, so every place says the same.</summary>
internal static class EnduranceReport
{
    public static string VerdictName(LeakVerdict verdict) => verdict switch
    {
        LeakVerdict.Leak => "leak",
        LeakVerdict.NoLeak => "no leak",
        _ => "inconclusive",
    };

    /// <summary><c>+612 MiB/min (95 % CI +590 to +634, R² 0.99; 120.5 → 250.1 MiB, 40 samples)</c>.</summary>
    public static string Trend(MemoryTrend t) => string.Create(
        CultureInfo.InvariantCulture,
        $"{EnduranceAnalyzer.Growth(t.SlopePerMinute)} (95 % CI {EnduranceAnalyzer.Growth(t.SlopeLowPerMinute)} to {EnduranceAnalyzer.Growth(t.SlopeHighPerMinute)}, R² {t.RSquared:0.00}; {Mib(t.FirstBytes)} → {Mib(t.LastBytes)}, {t.Samples} samples): {VerdictName(t.Verdict)}");

    private static string Mib(double bytes) => Cortex.LoadTesting.Internal.Figures.Number(bytes / (1024 * 1024)) + " MiB";
}
