namespace Cortex.LoadTesting.Analysis;

/// <summary>One metric of a run compared with the same metric of a baseline run.</summary>
public sealed record MetricComparison
{
    /// <summary>Gets what is compared: <c>requests</c> for the whole run, or <c>scenario/step</c>.</summary>
    public required string Scope { get; init; }

    /// <summary>Gets the metric: <c>p50</c>, <c>p95</c>, <c>p99</c>, <c>mean</c> (milliseconds), <c>error_rate</c> (fraction) or <c>throughput</c> (per second).</summary>
    public required string Metric { get; init; }

    /// <summary>Gets the baseline's value.</summary>
    public double Baseline { get; init; }

    /// <summary>Gets the current run's value.</summary>
    public double Current { get; init; }

    /// <summary>Gets the change against the baseline in percent, with its natural sign: (current − baseline) ÷ baseline × 100; throughput from 676/s to 1,011/s is +49.6%.</summary>
    public double ChangePercent { get; init; }

    /// <summary>
    /// Gets how much worse the current run is, in percent, which the severity is judged by: the change signed so that a
    /// positive value is worse. Throughput, a rate, counts as time per request (baseline ÷ current − 1): halving it is
    /// +100%, as bad as doubling a latency.
    /// </summary>
    public double RegressionPercent { get; init; }

    /// <summary>Gets a value indicating whether the metric got better beyond the noise guard.</summary>
    public bool Improved { get; init; }

    /// <summary>Gets a value indicating whether the change is inside the noise guard and is ignored.</summary>
    public bool WithinNoise { get; init; }

    /// <summary>Gets how bad the change is.</summary>
    public RegressionSeverity Severity { get; init; }
}
