using System.Diagnostics;

namespace Cortex.Slo.Tests.Support;

/// <summary>Runs Prometheus's own rule checker when the machine has it, so the generated rules are judged by Prometheus.</summary>
internal static class Promtool
{
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, OperatingSystem.IsWindows() ? "promtool.exe" : "promtool"))
            .FirstOrDefault(File.Exists);

    public static (int ExitCode, string Output) Run(string promtool, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(promtool)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }
}

/// <summary>A fresh directory removed with everything in it.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("cortex-slo-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
