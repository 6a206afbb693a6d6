using Cortex.Slo.Status;

namespace Cortex.Slo.Inputs;

/// <summary>
/// Samples the process's resources. CPU and GC pause are fractions of the time since the previous sample (the first
/// sample: since the sampler was created), measured on the <see cref="TimeProvider"/>'s timestamps.
/// </summary>
internal sealed class ResourceSampler(TimeProvider time)
{
    private readonly Lock _gate = new();
    private long _lastTimestamp = time.GetTimestamp();
    private TimeSpan _lastCpu = Environment.CpuUsage.TotalTime;
    private TimeSpan _lastPause = GC.GetTotalPauseDuration();

    public ResourceUsage Sample()
    {
        lock (_gate)
        {
            var timestamp = time.GetTimestamp();
            var cpu = Environment.CpuUsage.TotalTime;
            var pause = GC.GetTotalPauseDuration();
            var elapsed = time.GetElapsedTime(_lastTimestamp, timestamp);
            var cpuFraction = Fraction(cpu - _lastCpu, elapsed * Environment.ProcessorCount);
            var pauseFraction = Fraction(pause - _lastPause, elapsed);
            (_lastTimestamp, _lastCpu, _lastPause) = (timestamp, cpu, pause);

            var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            var workingSet = Environment.WorkingSet;
            return new ResourceUsage
            {
                Cpu = cpuFraction,
                WorkingSetBytes = workingSet,
                Memory = available > 0 ? (double)workingSet / available : 0,
                // GCMemoryInfo.HeapSizeBytes is a snapshot taken at the end of the last GC: 0 until the first one, and
                // blind to everything allocated since. GetTotalMemory(false) is the heap in use now; it does not collect.
                GcHeapBytes = GC.GetTotalMemory(forceFullCollection: false),
                GcPause = pauseFraction,
                ThreadPoolQueueLength = ThreadPool.PendingWorkItemCount,
            };
        }
    }

    // Zero when no time passed (a fake clock not advanced); at most 1, as timers and CPU accounting do not tick together.
    private static double Fraction(TimeSpan part, TimeSpan whole) =>
        whole > TimeSpan.Zero ? Math.Clamp(part / whole, 0, 1) : 0;
}
