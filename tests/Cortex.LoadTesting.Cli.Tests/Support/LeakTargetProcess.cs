using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Cortex.LoadTesting.Cli.Tests;

/// <summary>
/// tests/Cortex.LoadTesting.LeakTarget as a real child process: <c>leak</c> keeps 1 MiB per request, <c>flat</c> keeps
/// nothing; both export the runtime meter at /metrics. Killed on dispose.
/// </summary>
internal sealed partial class LeakTargetProcess : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    private LeakTargetProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Url { get; private set; } = null!;

    public int Pid => _process.Id;

    public static async Task<LeakTargetProcess> StartAsync(string mode, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Cortex.LoadTesting.LeakTarget.dll"));
        start.ArgumentList.Add(mode);

        // Both targets alike: everything compiled once at first call (no tier-up during the run) and a small gen0, so
        // allocation alone does not grow the working set; what is left is what the target keeps.
        start.Environment["DOTNET_TieredCompilation"] = "0";
        start.Environment["DOTNET_GCgen0size"] = "0x200000";
        var target = new LeakTargetProcess(Process.Start(start)!);
        try
        {
            var url = await target._ready.Task.WaitAsync(Patience, cancellationToken);
            target.Url = new Uri(url);
            return target;
        }
        catch (TimeoutException)
        {
            target.Dispose();
            Assert.Fail($"the {mode} target did not start within {Patience}; output: {string.Join(" | ", target._lines)}");
            throw;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        if (Listening().Match(line) is { Success: true } m)
        {
            _ready.TrySetResult(m.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"^listening (\S+) pid \d+$")]
    private static partial Regex Listening();
}
