using System.Runtime.CompilerServices;

namespace Cortex.LoadTesting.Tests.Support;

internal static class TestAssembly
{
    /// <summary>
    /// The engine's real-time tests share the thread pool with every other test of the assembly; a pool that starts
    /// small and grows by one thread every half second would add its own stalls to what they measure.
    /// </summary>
    [ModuleInitializer]
    internal static void WarmThreadPool()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
    }
}
