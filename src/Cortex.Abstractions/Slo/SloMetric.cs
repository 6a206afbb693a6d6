namespace Cortex.Abstractions.Slo;

/// <summary>The measured quantity an SLO target bounds.</summary>
public enum SloMetric
{
    /// <summary>The 50th percentile latency, in milliseconds.</summary>
    ResponseTimeP50,

    /// <summary>The 90th percentile latency, in milliseconds.</summary>
    ResponseTimeP90,

    /// <summary>The 95th percentile latency, in milliseconds.</summary>
    ResponseTimeP95,

    /// <summary>The 99th percentile latency, in milliseconds.</summary>
    ResponseTimeP99,

    /// <summary>The fraction of failed operations.</summary>
    ErrorRate,

    /// <summary>Operations per second.</summary>
    Throughput,

    /// <summary>The fraction of successful operations.</summary>
    Availability,
}
