namespace Cortex.Slo;

/// <summary>Process resource limits, fractions from 0 to 1.</summary>
public sealed class ResourceTargets
{
    /// <summary>Gets or sets the CPU use (of all cores) that raises a warning.</summary>
    /// <value>The default is 0.70.</value>
    public double CpuWarning { get; set; } = 0.70;

    /// <summary>Gets or sets the CPU use that raises a critical alert.</summary>
    /// <value>The default is 0.90.</value>
    public double CpuCritical { get; set; } = 0.90;

    /// <summary>Gets or sets the memory use (working set of the memory available to the process) that raises a warning.</summary>
    /// <value>The default is 0.75.</value>
    public double MemoryWarning { get; set; } = 0.75;

    /// <summary>Gets or sets the memory use that raises a critical alert.</summary>
    /// <value>The default is 0.90.</value>
    public double MemoryCritical { get; set; } = 0.90;
}
