namespace Cortex.LoadTesting.Endurance;

/// <summary>One sample of the target's resources; a figure its sources did not offer is <see langword="null"/>.</summary>
public sealed record ResourceSample
{
    /// <summary>Gets the time from the start of the run.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Gets the process's working set (resident memory), in bytes.</summary>
    public double? WorkingSetBytes { get; init; }

    /// <summary>Gets the managed (GC) heap size, in bytes.</summary>
    public double? GcHeapBytes { get; init; }

    /// <summary>Gets the CPU used since the previous sample, in cores (1 is one core fully busy).</summary>
    public double? CpuCores { get; init; }
}
