using System.Diagnostics;
using System.Text;

namespace Cortex.LoadTesting.Cli.Tests;

/// <summary>
/// <c>cortex-load</c> as a real child process (<c>dotnet Cortex.LoadTesting.Cli.dll</c> from the tool's own build output,
/// whose runtimeconfig and dependencies are the tool's), its output captured; killed on dispose if it is still running.
/// </summary>
internal sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _error = new();

    private AgentProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(_out, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static AgentProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolPath());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new AgentProcess(Process.Start(start)!);
    }

    /// <summary>The tool beside this test's output: tests/X/bin/{configuration}/{tfm}/ becomes src/Cortex.LoadTesting.Cli/bin/{configuration}/{tfm}/.</summary>
    private static string ToolPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var (framework, configuration) = (output.Name, output.Parent!.Name);
        var repository = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var tool = Path.Combine(repository, "src", "Cortex.LoadTesting.Cli", "bin", configuration, framework, "Cortex.LoadTesting.Cli.dll");
        Assert.True(File.Exists(tool), $"the built tool is not at {tool}; build src/Cortex.LoadTesting.Cli first (building this test project does).");
        return tool;
    }

    /// <summary>Waits for the process to exit, at most <paramref name="patience"/>; fails the test, with its output, when it does not.</summary>
    public async Task<CliOutcome> WaitAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(patience);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"cortex-load did not exit within {patience}; so far:\n{Outcome(-1)}");
        }

        // WaitForExitAsync returns once the output is read to its end.
        return Outcome(_process.ExitCode);
    }

    /// <summary>Gets what the process has written to standard output so far.</summary>
    public string Output
    {
        get
        {
            lock (_out)
            {
                return _out.ToString();
            }
        }
    }

    /// <summary>Kills the process at once (SIGKILL on Linux): no handler runs, nothing is flushed, as when a machine or pod dies.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private CliOutcome Outcome(int exitCode)
    {
        lock (_out)
        {
            lock (_error)
            {
                return new CliOutcome(exitCode, _out.ToString(), _error.ToString());
            }
        }
    }

    private static void Append(StringBuilder to, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (to)
        {
            to.AppendLine(line);
        }
    }
}
