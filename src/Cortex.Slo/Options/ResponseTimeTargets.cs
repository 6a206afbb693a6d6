namespace Cortex.Slo;

/// <summary>
/// Latency targets: each is both a percentile check and a "good below threshold" SLI, e.g. p95 ≤ 2 s means 95% of
/// requests must finish within 2 s, with the remaining 5% as the error budget.
/// </summary>
public sealed class ResponseTimeTargets
{
    /// <summary>Gets or sets the median target.</summary>
    /// <value>The default is 500 ms.</value>
    public TimeSpan? P50 { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the 90th percentile target.</summary>
    /// <value>The default is 1 s.</value>
    public TimeSpan? P90 { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the 95th percentile target (<c>SLO_RESPONSE_TIME_P95</c>, in milliseconds).</summary>
    /// <value>The default is 2 s.</value>
    public TimeSpan? P95 { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the 99th percentile target (<c>SLO_RESPONSE_TIME_P99</c>, in milliseconds).</summary>
    /// <value>The default is 5 s.</value>
    public TimeSpan? P99 { get; set; } = TimeSpan.FromSeconds(5);
}
