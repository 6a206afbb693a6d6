namespace Cortex.LoadTesting.Analysis;

/// <summary>How <see cref="RegressionDetector"/> tells a regression from noise.</summary>
public sealed class RegressionOptions
{
    /// <summary>Gets or sets the relative change, in percent, below which a difference is noise.</summary>
    /// <value>The default is 10.</value>
    public double NoisePercent { get; set; } = 10;

    /// <summary>Gets or sets the absolute latency change, in milliseconds, below which a difference is noise.</summary>
    /// <value>The default is 1.</value>
    public double MinLatencyChangeMilliseconds { get; set; } = 1;

    /// <summary>Gets or sets the absolute error-rate change (a fraction) below which a difference is noise.</summary>
    /// <value>The default is 0.001 (0.1 percentage point).</value>
    public double MinErrorRateChange { get; set; } = 0.001;

    /// <summary>Gets or sets the fewest samples a step needs in both runs to be compared on its own.</summary>
    /// <value>The default is 100.</value>
    public long MinSamples { get; set; } = 100;
}
