using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Cortex.Testing.Redis.Internal;

namespace Cortex.Testing.Redis;

/// <summary>
/// A real <c>redis-server</c> process for tests: bound to 127.0.0.1 on a free port, persistence off, its pidfile and
/// working folder in a temporary directory. It can be stopped and started again on the same port to test outages, paused
/// (SIGSTOP) to test a Redis that hangs, and
/// its process is killed on dispose (and when the test process exits), so none is left behind.
/// </summary>
/// <example>
/// <code>
/// await using var redis = await RedisTestServer.StartAsync();
/// using var mux = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
/// </code>
/// </example>
public sealed class RedisTestServer : IAsyncDisposable
{
    private readonly RedisTestServerOptions _options;
    private readonly string _executable;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StringBuilder _output = new();
    private Process? _process;
    private bool _disposed;

    private RedisTestServer(RedisTestServerOptions options, string executable, int port)
    {
        _options = options;
        _executable = executable;
        Port = port;
        WorkingDirectory = Directory.CreateTempSubdirectory("cortex-redis-").FullName;
    }

    /// <summary>Gets the address the server listens on: always <c>127.0.0.1</c>.</summary>
    public string Host { get; } = "127.0.0.1";

    /// <summary>Gets the port the server listens on; it stays the same across <see cref="StopAsync"/> and <see cref="StartAsync(CancellationToken)"/>.</summary>
    public int Port { get; }

    /// <summary>
    /// Gets a StackExchange.Redis connection string for the server, with <c>abortConnect=false</c> so a client created
    /// while the server is stopped reconnects when it is started again.
    /// </summary>
    public string ConnectionString =>
        _options.Password is null
            ? $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)},abortConnect=false"
            : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)},password={_options.Password},abortConnect=false";

    /// <summary>Gets the temporary folder holding the pidfile; it is deleted on dispose.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Gets the id of the running <c>redis-server</c> process, or <see langword="null"/> while it is stopped.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>Gets a value indicating whether the server process is running.</summary>
    public bool IsRunning => ProcessId is not null;

    /// <summary>Starts a <c>redis-server</c> process and waits until it answers <c>PING</c>.</summary>
    /// <param name="options">Where to find <c>redis-server</c>, the port and password; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the start; the process is killed.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="RedisServerNotFoundException"><c>redis-server</c> is not on <c>PATH</c> and no <see cref="RedisTestServerOptions.ExecutablePath"/> was given.</exception>
    /// <exception cref="InvalidOperationException">The process exited or did not answer within <see cref="RedisTestServerOptions.StartupTimeout"/>; the message carries its output.</exception>
    public static async Task<RedisTestServer> StartAsync(RedisTestServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RedisTestServerOptions();
        var executable = FindExecutable(options.ExecutablePath);
        var server = new RedisTestServer(options, executable, options.Port > 0 ? options.Port : FreePort());
        try
        {
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Gets a value indicating whether <c>redis-server</c> can be found on <c>PATH</c>.</summary>
    /// <returns><see langword="true"/> when it is installed.</returns>
    public static bool IsInstalled() => FindOnPath() is not null;

    /// <summary>Starts the server process again, on the same port, after <see cref="StopAsync"/>. Does nothing when it is running.</summary>
    /// <param name="cancellationToken">Cancels the start; the process is killed.</param>
    /// <returns>A task that completes when the server answers <c>PING</c>.</returns>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsRunning)
            {
                return;
            }

            _process = LaunchProcess();
            try
            {
                await WaitUntilReadyAsync(_process, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await KillProcessAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Kills the server process (as an outage would: no graceful shutdown) and waits until it has exited and the port
    /// refuses connections. Data is lost, since persistence is off. Does nothing when it is stopped.
    /// </summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async Task StopAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await KillProcessAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Gets a value indicating whether the server process is paused by <see cref="PauseAsync"/>.</summary>
    public bool IsPaused { get; private set; }

    /// <summary>
    /// Hangs the server: the process is stopped with SIGSTOP, so its connections stay open and new ones are even accepted
    /// by the kernel, but no command is answered until <see cref="ResumeAsync"/>. This is the Redis that is connected and
    /// does not answer (a long fork, a swapped-out host), which clients only notice through their timeouts.
    /// Linux and macOS only.
    /// </summary>
    /// <returns>A task that completes when the signal has been sent.</returns>
    /// <exception cref="InvalidOperationException">The server is not running.</exception>
    /// <exception cref="PlatformNotSupportedException">On Windows, which has no SIGSTOP.</exception>
    public async Task PauseAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var id = ProcessId ?? throw new InvalidOperationException($"{this} cannot be paused: start it first.");
            ProcessSignals.Stop(id);
            IsPaused = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Lets a server paused by <see cref="PauseAsync"/> go on (SIGCONT): it answers everything sent meanwhile. Does nothing when it is not paused.</summary>
    /// <returns>A task that completes when the signal has been sent.</returns>
    public async Task ResumeAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (IsPaused && ProcessId is { } id)
            {
                ProcessSignals.Continue(id);
            }

            IsPaused = false;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Kills the server process and deletes its temporary folder.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        _disposed = true;
        _gate.Dispose();
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A folder in /tmp that cannot be deleted must not fail the test that used the server.
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"redis-server at {Host}:{Port.ToString(CultureInfo.InvariantCulture)} ({(!IsRunning ? "stopped" : IsPaused ? "paused" : "running")})";

    private static string FindExecutable(string? configured)
    {
        if (configured is not null)
        {
            return File.Exists(configured)
                ? configured
                : throw new RedisServerNotFoundException($"redis-server was not found at RedisTestServerOptions.ExecutablePath '{configured}'. Install it (Debian/Ubuntu: 'sudo apt-get install redis-server') or fix the path.");
        }

        return FindOnPath() ?? throw new RedisServerNotFoundException();
    }

    private static string? FindOnPath()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "redis-server.exe" } : ["redis-server"];
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Process LaunchProcess()
    {
        var info = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = WorkingDirectory,
        };
        string[] args =
        [
            "--port", Port.ToString(CultureInfo.InvariantCulture),
            "--bind", Host,
            "--save", string.Empty,
            "--appendonly", "no",
            "--daemonize", "no",
            "--dir", WorkingDirectory,
            "--pidfile", Path.Combine(WorkingDirectory, "redis.pid"),
            "--loglevel", "warning",
        ];
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        if (_options.Password is not null)
        {
            info.ArgumentList.Add("--requirepass");
            info.ArgumentList.Add(_options.Password);
        }

        lock (_output)
        {
            _output.Clear();
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        ChildProcessReaper.Track(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 16_384)
            {
                _output.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilReadyAsync(Process process, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"redis-server exited with code {process.ExitCode} before answering on {Host}:{Port}. Its output:{Environment.NewLine}{Output()}");
            }

            if (await PingAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (Stopwatch.GetElapsedTime(started) > _options.StartupTimeout)
            {
                throw new InvalidOperationException(
                    $"redis-server did not answer PING on {Host}:{Port} within {_options.StartupTimeout.TotalSeconds:0.#} s. Its output:{Environment.NewLine}{Output()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        // A raw RESP PING keeps this package free of a Redis client dependency.
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken).ConfigureAwait(false);
            var stream = client.GetStream();
            var command = _options.Password is null
                ? "PING\r\n"
                : $"AUTH {_options.Password}\r\nPING\r\n";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(command), cancellationToken).ConfigureAwait(false);
            var buffer = new byte[256];
            var received = new StringBuilder();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            while (!received.ToString().Contains("PONG", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return false;
                }

                received.Append(Encoding.UTF8.GetString(buffer, 0, read));
                if (received.ToString().StartsWith("-LOADING", StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private string Output()
    {
        lock (_output)
        {
            var text = _output.ToString();
            return _options.Password is null ? text : text.Replace(_options.Password, "***", StringComparison.Ordinal);
        }
    }

    private async Task KillProcessAsync()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        _process = null;
        IsPaused = false;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // The process was never started or has already been reaped.
        }
        finally
        {
            ChildProcessReaper.Forget(process);
            process.Dispose();
        }
    }
}
