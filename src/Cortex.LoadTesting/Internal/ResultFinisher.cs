namespace Cortex.LoadTesting.Internal;

/// <summary>Placeholder until the analysis lands: adds breakpoint analysis and recommendations to a finished result.</summary>
internal static class ResultFinisher
{
    public static LoadTestResult Finish(LoadTestResult result, IReadOnlyList<CompiledThreshold> thresholds, int? maxUsers, bool analyzeBreakpoints = true) => result;
}
