using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cortex.Slo.Tests.Support;

/// <summary>
/// A real Prometheus Alertmanager (Debian's <c>prometheus-alertmanager</c>) on 127.0.0.1, alone (no cluster), routing
/// every alert to one webhook, grouped by alertname and slo with 1-second group timers. Where it is not installed the
/// test is skipped with the install hint, unless CORTEX_REQUIRE_ALERTMANAGER=1 (as in CI), where it fails.
/// </summary>
internal sealed class AlertmanagerServer : IAsyncDisposable
{
    public const string RequireVariable = "CORTEX_REQUIRE_ALERTMANAGER";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly TempDirectory _directory;
    private readonly StringWriterQueue _output;

    private AlertmanagerServer(Process process, TempDirectory directory, StringWriterQueue output, Uri url)
    {
        _process = process;
        _directory = directory;
        _output = output;
        Url = url;
    }

    public Uri Url { get; }

    public string Output => _output.Text;

    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { Path.Combine(dir, "prometheus-alertmanager"), Path.Combine(dir, "alertmanager") })
            .FirstOrDefault(File.Exists);

    public static async Task<AlertmanagerServer> StartOrSkipAsync(Uri webhook)
    {
        var binary = Find();
        if (binary is null)
        {
            var hint = "Alertmanager is not on PATH (apt-get install prometheus-alertmanager provides it).";
            Assert.False(Environment.GetEnvironmentVariable(RequireVariable) is "1" or "true", $"{hint} {RequireVariable} is set, so this is a failure.");
            Assert.Skip($"{hint} Set {RequireVariable}=1 to make this a failure instead of a skip.");
        }

        var directory = new TempDirectory();
        var config = Path.Combine(directory.Path, "alertmanager.yml");
        await File.WriteAllTextAsync(config, $"""
            route:
              receiver: test
              group_by: [alertname, slo]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: test
                webhook_configs:
                  - url: '{webhook.AbsoluteUri}'
                    send_resolved: true
            """, TestContext.Current.CancellationToken);
        var port = FreePort();
        var start = new ProcessStartInfo(binary!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { $"--config.file={config}", $"--storage.path={Path.Combine(directory.Path, "data")}", $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=" })
        {
            start.ArgumentList.Add(arg);
        }

        var output = new StringWriterQueue();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new AlertmanagerServer(process, directory, output, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await server.WaitReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
        _directory.Dispose();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task WaitReadyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_process.HasExited, $"Alertmanager exited with {(_process.HasExited ? _process.ExitCode : 0)}: {Output}");
            Assert.True(waited.Elapsed < StartTimeout, $"Alertmanager was not ready within {StartTimeout}: {Output}");
            try
            {
                using var response = await client.GetAsync(new Uri(Url, "-/ready"), TestContext.Current.CancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>A process's output lines, kept for failure messages.</summary>
    private sealed class StringWriterQueue
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public string Text => string.Join('\n', _lines);

        public void Add(string? line)
        {
            if (line is not null)
            {
                _lines.Enqueue(line);
            }
        }
    }
}
