namespace Cortex.LoadTesting;

/// <summary>Compares a run with a baseline run and says whether, where and how badly it regressed.</summary>
public static class RegressionDetector
{
    /// <summary>Compares <paramref name="current"/> with <paramref name="baseline"/>.</summary>
    /// <param name="baseline">The run to compare against.</param>
    /// <param name="current">The run to judge.</param>
    /// <param name="options">The noise guard; <see langword="null"/> for the defaults.</param>
    /// <returns>The comparison and its verdict.</returns>
    public static RegressionReport Compare(LoadTestResult baseline, LoadTestResult current, RegressionOptions? options = null) =>
        throw new NotImplementedException();
}
