using System.Collections.Concurrent;
using System.Diagnostics;

namespace Cortex.Testing.Redis.Internal;

/// <summary>
/// Kills the child processes a test run started when the run's process exits, so a test that forgot to dispose (or
/// crashed) leaves no redis-server behind. Redis has no "exit with parent" option, so this is the only place to do it.
/// </summary>
internal static class ChildProcessReaper
{
    private static readonly ConcurrentDictionary<int, Process> Live = new();

    static ChildProcessReaper()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => KillAll();
    }

    public static void Track(Process process) => Live[process.Id] = process;

    public static void Forget(Process process) => Live.TryRemove(process.Id, out _);

    private static void KillAll()
    {
        foreach (var process in Live.Values)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }
        }
    }
}
