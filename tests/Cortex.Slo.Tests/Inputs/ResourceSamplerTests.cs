using System.Runtime;
using Cortex.Slo.Inputs;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Slo.Tests.Inputs;

// The GC, its pauses and the thread pool are the process's: these tests provoke them, so they run alone.
[CollectionDefinition(nameof(ResourceSamplerTests), DisableParallelization = true)]
[Collection(nameof(ResourceSamplerTests))]
public sealed class ResourceSamplerTests
{
    private const int Megabyte = 1024 * 1024;

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
        // Also in a process where no GC has run yet (this test alone in a fresh process): the heap is never empty.
        Assert.True(usage.GcHeapBytes > 0, $"GC heap {usage.GcHeapBytes} bytes");
    }

    [Fact]
    public void Sample_ObjectsAllocatedSinceTheLastGc_CountInTheHeap()
    {
        var sampler = new ResourceSampler(new FakeTimeProvider());
        // Starting the region collects once; after that no GC runs, so a figure taken at the last GC cannot move.
        Assert.True(GC.TryStartNoGCRegion(96 * Megabyte), "no-GC region refused");
        long before, after;
        try
        {
            before = sampler.Sample().GcHeapBytes;
            var live = new byte[16 * 1024][];
            for (var i = 0; i < live.Length; i++)
            {
                live[i] = new byte[1024];
            }

            after = sampler.Sample().GcHeapBytes;
            GC.KeepAlive(live);
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        }
        finally
        {
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }
        }

        Assert.True(before > 0, $"GC heap {before} bytes");
        Assert.InRange(after - before, 16 * Megabyte, 48 * Megabyte);
    }

    [Fact]
    public void Sample_AfterInducedGen2Collections_ReportsTheirPauseAsAFractionOfTheInterval()
    {
        var live = Chain.Of(400_000);
        var time = new FakeTimeProvider();
        var sampler = new ResourceSampler(time);
        var pausedBefore = GC.GetTotalPauseDuration();
        for (var i = 0; i < 5; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        var induced = GC.GetTotalPauseDuration() - pausedBefore;
        time.Advance(induced * 4);
        var collecting = sampler.Sample();
        time.Advance(induced * 4);
        var quiet = sampler.Sample();
        GC.KeepAlive(live);

        Assert.True(induced > TimeSpan.Zero, "the forced collections paused nothing");
        // A quarter of the interval was spent in the induced pauses; a stray gen0 pause (well under a millisecond,
        // against several blocking compactions of a large graph) cannot move that far.
        Assert.InRange(collecting.GcPause, 0.249, 0.4);
        Assert.InRange(quiet.GcPause, 0, 0.05);
    }

    [Fact]
    public void Sample_WorkQueuedBehindBlockedWorkers_ReportsTheQueueLength()
    {
        const int queued = 1000;
        var sampler = new ResourceSampler(new FakeTimeProvider());
        var idle = sampler.Sample().ThreadPoolQueueLength;
        using var release = new ManualResetEventSlim();
        using var done = new CountdownEvent(queued);
        long waiting;
        int threads;
        try
        {
            for (var i = 0; i < queued; i++)
            {
                ThreadPool.UnsafeQueueUserWorkItem(
                    static state =>
                    {
                        state.Release.Wait();
                        state.Done.Signal();
                    },
                    (Release: release, Done: done),
                    preferLocal: false);
            }

            waiting = sampler.Sample().ThreadPoolQueueLength;
            threads = ThreadPool.ThreadCount;
        }
        finally
        {
            release.Set();
        }

        Assert.True(done.Wait(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken), "the queued work items never ran");
        var drained = sampler.Sample().ThreadPoolQueueLength;

        Assert.InRange(idle, 0, queued / 10);
        // Each worker holds one item; the rest wait in the queue.
        Assert.InRange(waiting, queued - threads - 10, queued + (queued / 10));
        Assert.InRange(drained, 0, queued / 10);
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

    private sealed class Chain(Chain? next)
    {
        public Chain? Next { get; } = next;

        // A long chain of small live objects: each blocking compaction must mark and move all of them.
        public static Chain Of(int count)
        {
            Chain? head = null;
            for (var i = 0; i < count; i++)
            {
                head = new Chain(head);
            }

            return head!;
        }
    }
}
