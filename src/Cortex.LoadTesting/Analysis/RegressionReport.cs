namespace Cortex.LoadTesting.Analysis;

/// <summary>A run compared with a baseline run, metric by metric, with a verdict.</summary>
public sealed record RegressionReport
{
    /// <summary>Gets the baseline run's test name and start time.</summary>
    public required string Baseline { get; init; }

    /// <summary>Gets the current run's test name and start time.</summary>
    public required string Current { get; init; }

    /// <summary>Gets every comparison, worst first.</summary>
    public IReadOnlyList<MetricComparison> Comparisons { get; init; } = [];

    /// <summary>Gets the worst severity found.</summary>
    public RegressionSeverity Severity { get; init; }

    /// <summary>Gets what makes the two runs hard to compare, for example a different load; empty when nothing does.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Gets a one-line verdict, for example <c>regressed (critical): requests p95 +104.2%</c>.</summary>
    public required string Verdict { get; init; }

    /// <summary>Gets a value indicating whether any metric regressed beyond the noise guard.</summary>
    public bool IsRegression => Severity != RegressionSeverity.None;
}
