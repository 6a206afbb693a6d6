using Cortex.LoadTesting.Analysis;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Thresholds;

namespace Cortex.LoadTesting.Internal;

/// <summary>The last step of every run (and of every merge): the conclusions drawn from what was measured.</summary>
internal static class ResultFinisher
{
    /// <summary>Adds the breakpoint analysis (ramping models only) and the recommendations, which may cite it.</summary>
    public static LoadTestResult Finish(LoadTestResult result, IReadOnlyList<CompiledThreshold> thresholds, int? maxUsers, bool analyzeBreakpoints = true)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(thresholds);
        var analyzed = result with { Breakpoint = analyzeBreakpoints ? BreakpointAnalyzer.Analyze(result, thresholds) : null };
        return analyzed with { Recommendations = RecommendationEngine.Derive(analyzed, maxUsers) };
    }
}
