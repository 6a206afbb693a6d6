using Cortex.Slo.Inputs;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Slo.Tests.Inputs;

public sealed class ResourceSamplerTests
{
    [Fact]
    public void Sample_AfterBurningCpu_ReportsCpuAndMemory()
    {
        var sampler = new ResourceSampler(TimeProvider.System);
        var started = TimeProvider.System.GetTimestamp();
        var spins = 0L;
        while (TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromMilliseconds(200))
        {
            spins++;
        }

        var usage = sampler.Sample();

        Assert.True(spins > 0);
        Assert.InRange(usage.Cpu, double.Epsilon, 1);
        Assert.True(usage.WorkingSetBytes > 0);
        Assert.InRange(usage.Memory, double.Epsilon, 1);
        Assert.True(usage.GcHeapBytes > 0);
        Assert.InRange(usage.GcPause, 0, 1);
        Assert.True(usage.ThreadPoolQueueLength >= 0);
    }

    [Fact]
    public void Sample_NoTimePassed_ReportsZeroFractions()
    {
        var sampler = new ResourceSampler(new FakeTimeProvider());

        var usage = sampler.Sample();

        Assert.Equal(0, usage.Cpu);
        Assert.Equal(0, usage.GcPause);
        Assert.True(usage.WorkingSetBytes > 0);
    }
}
