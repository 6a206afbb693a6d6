namespace Cortex.Slo;

/// <summary>Throughput targets in requests per second over the last 5 minutes.</summary>
public sealed class ThroughputTargets
{
    /// <summary>Gets or sets the lowest acceptable throughput; below it the SLO is violated (a warning, since low traffic is not always a fault).</summary>
    /// <value>The default is 100.</value>
    public double Min { get; set; } = 100;

    /// <summary>Gets or sets the throughput the service is sized for, shown in status and reports.</summary>
    /// <value>The default is 500.</value>
    public double Target { get; set; } = 500;
}
