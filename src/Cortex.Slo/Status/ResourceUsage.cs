namespace Cortex.Slo.Status;

/// <summary>The process's resources at the last evaluation.</summary>
public sealed record ResourceUsage
{
    /// <summary>Gets the CPU used since the previous sample, as a fraction of all cores.</summary>
    public double Cpu { get; init; }

    /// <summary>Gets the working set, in bytes.</summary>
    public long WorkingSetBytes { get; init; }

    /// <summary>Gets the working set as a fraction of the memory available to the process (container limit or physical memory).</summary>
    public double Memory { get; init; }

    /// <summary>Gets the bytes in use in the GC heap when the sample was taken (allocated and not yet collected), in bytes.</summary>
    public long GcHeapBytes { get; init; }

    /// <summary>Gets the fraction of time since the previous sample spent paused in garbage collection.</summary>
    public double GcPause { get; init; }

    /// <summary>Gets the work items waiting in the thread pool's queue.</summary>
    public long ThreadPoolQueueLength { get; init; }
}
