namespace Cortex.LoadTesting.Analysis;

/// <summary>How bad a change against the baseline is.</summary>
public enum RegressionSeverity
{
    /// <summary>No regression: better, unchanged, or within the noise guard.</summary>
    None,

    /// <summary>Worse beyond the noise guard, by up to 30%.</summary>
    Minor,

    /// <summary>Worse by more than 30%.</summary>
    Major,

    /// <summary>Worse by more than 50% on p95, p99, error rate or throughput.</summary>
    Critical,
}
