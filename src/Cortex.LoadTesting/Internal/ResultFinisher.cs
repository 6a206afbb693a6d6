namespace Cortex.LoadTesting.Internal;

/// <summary>
/// The analysis a result gets once its data is complete: the breakpoint analysis and the recommendations. The merger
/// calls it on a merged result (which it leaves without either), so a merged run is concluded like a single one.
/// </summary>
internal static class ResultFinisher
{
    // Breakpoint and recommendation analysis belong here; until they exist, a result is returned as it is.
    public static LoadTestResult Finish(LoadTestResult merged) => merged;
}
