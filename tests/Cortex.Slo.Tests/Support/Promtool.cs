using System.Diagnostics;

namespace Cortex.Slo.Tests.Support;

/// <summary>Runs Prometheus's own rule checker when the machine has it, so the generated rules are judged by Prometheus.</summary>
internal static class Promtool
{
    public const string RequireVariable = "CORTEX_REQUIRE_PROMTOOL";

    /// <summary>Gets promtool; skips the test where it is missing, unless CORTEX_REQUIRE_PROMTOOL=1 (as in CI), where it fails.</summary>
    public static string FindOrSkip()
    {
        if (Find() is { } promtool)
        {
            return promtool;
        }

        const string hint = "promtool is not on PATH (apt-get install prometheus provides it).";
        Assert.False(Environment.GetEnvironmentVariable(RequireVariable) is "1" or "true", $"{hint} {RequireVariable} is set, so this is a failure.");
        Assert.Skip($"{hint} Set {RequireVariable}=1 to make this a failure instead of a skip.");
        return null!;
    }

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
