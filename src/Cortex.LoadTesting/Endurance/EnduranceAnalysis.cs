namespace Cortex.LoadTesting.Endurance;

/// <summary>What the target's resources did during the run (see <see cref="TargetMonitorOptions"/>): the samples, the memory trends, the latency drift and the leak verdict.</summary>
public sealed record EnduranceAnalysis
{
    /// <summary>Gets the verdict: <see cref="LeakVerdict.Leak"/> when any memory figure leaks, <see cref="LeakVerdict.NoLeak"/> when every one is flat.</summary>
    public LeakVerdict Verdict { get; init; }

    /// <summary>Gets the verdict in a sentence, with the figures it rests on.</summary>
    public required string Reason { get; init; }

    /// <summary>Gets a value indicating whether the verdict fails the run (<see cref="TargetMonitorOptions.FailOnLeak"/> and a leak).</summary>
    public bool FailsRun { get; init; }

    /// <summary>Gets the warm-up left out of the trends.</summary>
    public TimeSpan WarmUp { get; init; }

    /// <summary>Gets the allowed growth, in bytes per minute.</summary>
    public double MaxGrowthPerMinute { get; init; }

    /// <summary>Gets the working set trend, or <see langword="null"/> when no source offered it.</summary>
    public MemoryTrend? WorkingSet { get; init; }

    /// <summary>Gets the GC heap trend, or <see langword="null"/> when no source offered it.</summary>
    public MemoryTrend? GcHeap { get; init; }

    /// <summary>Gets the mean CPU after the warm-up, in cores, or <see langword="null"/>.</summary>
    public double? MeanCpuCores { get; init; }

    /// <summary>Gets the latency drift, or <see langword="null"/> when too few intervals had requests.</summary>
    public LatencyDrift? LatencyDrift { get; init; }

    /// <summary>Gets the trace file written, or <see langword="null"/>.</summary>
    public string? TraceFile { get; init; }

    /// <summary>Gets the first problem met while sampling or tracing (an unreachable endpoint, a process that exited), or <see langword="null"/>.</summary>
    public string? SamplingError { get; init; }

    /// <summary>Gets every sample, warm-up included.</summary>
    public IReadOnlyList<ResourceSample> Samples { get; init; } = [];
}
