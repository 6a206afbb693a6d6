using System.Runtime.InteropServices;

namespace Cortex.Testing.Redis.Internal;

/// <summary>Stops and continues a child process with SIGSTOP and SIGCONT, which .NET has no managed API to send.</summary>
internal static class ProcessSignals
{
    public static void Stop(int processId) => Send(processId, OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? 17 : 19, "SIGSTOP");

    public static void Continue(int processId) => Send(processId, OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? 19 : 18, "SIGCONT");

    private static void Send(int processId, int signal, string name)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException($"Pausing redis-server sends {name}, which exists only on Linux and macOS.");
        }

        if (Kill(processId, signal) != 0)
        {
            throw new InvalidOperationException($"Sending {name} to redis-server (process {processId}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    // Blittable ints only: nothing to marshal, so no LibraryImport (and no unsafe code) is needed.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int sig);
#pragma warning restore SYSLIB1054
}
