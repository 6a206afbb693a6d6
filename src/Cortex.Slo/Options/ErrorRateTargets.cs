namespace Cortex.Slo;

/// <summary>Error-rate alert levels over the last 5 minutes, fractions from 0 to 1.</summary>
public sealed class ErrorRateTargets
{
    /// <summary>Gets or sets the rate that raises a warning (<c>SLO_ERROR_RATE</c>, in percent).</summary>
    /// <value>The default is 0.01.</value>
    public double Warning { get; set; } = 0.01;

    /// <summary>Gets or sets the rate that raises a critical alert.</summary>
    /// <value>The default is 0.05.</value>
    public double Critical { get; set; } = 0.05;
}
