namespace Cortex.Production;

/// <summary>The production SLO targets a load test is judged by, in the units of <c>config/production.json</c> (milliseconds and percent).</summary>
public sealed class ProductionSloTargets
{
    /// <summary>Gets or sets the 95th-percentile response time target, in milliseconds.</summary>
    /// <value>The default is 2000.</value>
    public double ResponseTimeP95 { get; set; } = 2000;

    /// <summary>Gets or sets the 99th-percentile response time target, in milliseconds.</summary>
    /// <value>The default is 5000.</value>
    public double ResponseTimeP99 { get; set; } = 5000;

    /// <summary>Gets or sets the highest acceptable error rate, in percent.</summary>
    /// <value>The default is 1.</value>
    public double ErrorRate { get; set; } = 1;

    /// <summary>Gets or sets the availability target, in percent.</summary>
    /// <value>The default is 99.9.</value>
    public double Availability { get; set; } = 99.9;
}
