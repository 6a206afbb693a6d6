using System.Diagnostics;
using System.Diagnostics.Tracing;
using Cortex.LoadTesting.Configuration;
using Microsoft.Diagnostics.NETCore.Client;

namespace Cortex.LoadTesting.Endurance.Internal;

/// <summary>Samples the target for the length of a run and, when asked, records an EventPipe trace of its process.</summary>
internal sealed class TargetMonitor : IAsyncDisposable
{
    // dotnet-trace's cpu-sampling profile: the sample profiler and the runtime's default keywords (GC, JIT, loader,
    // exceptions, contention, thread pool), plus the System.Runtime counters once a second.
    private const long RuntimeDefaultKeywords = 0x14C14FCCBD;

    private readonly TargetMonitorOptions _options;
    private readonly TimeProvider _time;
    private readonly List<ResourceSample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient? _http;
    private readonly Process? _process;
    private long _start;
    private Task _loop = Task.CompletedTask;
    private EventPipeSession? _session;
    private FileStream? _traceStream;
    private Task _traceCopy = Task.CompletedTask;
    private string? _error;
    private (TimeSpan Wall, double Cpu)? _lastCpu;

    private TargetMonitor(TargetMonitorOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        if (options.MetricsUrl is null && options.ProcessId is null)
        {
            throw new LoadTestConfigurationException(["monitor needs metrics (the target's Prometheus URL), pid (its process on this machine), or both"]);
        }

        if (options.MetricsUrl is not null)
        {
            _http = new HttpClient { Timeout = TimeSpan.FromSeconds(Math.Clamp(options.SampleInterval.TotalSeconds * 2, 2, 10)) };
        }

        if (options.ProcessId is { } pid)
        {
            try
            {
                _process = Process.GetProcessById(pid);
            }
            catch (ArgumentException)
            {
                throw new LoadTestConfigurationException([$"monitor.pid {pid}: no such process on this machine; pass the id of the running target"]);
            }
        }
    }

    /// <summary>Starts sampling now (and the trace, before the first sample).</summary>
    /// <exception cref="LoadTestConfigurationException">The process does not exist, or its trace cannot be started.</exception>
    public static async Task<TargetMonitor> StartAsync(TargetMonitorOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var monitor = new TargetMonitor(options, time);
        try
        {
            if (options.TraceFile is { } path)
            {
                await monitor.StartTraceAsync(path, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await monitor.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        monitor._start = time.GetTimestamp();
        monitor._loop = monitor.LoopAsync(monitor._stop.Token);
        return monitor;
    }

    /// <summary>Stops sampling (after one last sample) and the trace; returns the samples, the trace file and the first problem met.</summary>
    public async Task<(IReadOnlyList<ResourceSample> Samples, string? TraceFile, string? Error)> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await SampleAsync(CancellationToken.None).ConfigureAwait(false);
        var trace = await StopTraceAsync().ConfigureAwait(false);
        return (_samples.ToArray(), trace, _error);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await StopTraceAsync().ConfigureAwait(false);
        _http?.Dispose();
        _process?.Dispose();
        _stop.Dispose();
    }

    private async Task StartTraceAsync(string path, CancellationToken cancellationToken)
    {
        if (_options.ProcessId is not { } pid)
        {
            throw new LoadTestConfigurationException(["monitor.trace needs monitor.pid, the process to trace"]);
        }

        EventPipeProvider[] providers =
        [
            new("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational),
            new("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, RuntimeDefaultKeywords),
            new("System.Runtime", EventLevel.Informational, -1, new Dictionary<string, string> { ["EventCounterIntervalSec"] = "1" }),
        ];
        try
        {
            _session = await new DiagnosticsClient(pid).StartEventPipeSessionAsync(providers, requestRundown: true, circularBufferMB: 256, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or UnsupportedCommandException or ServerErrorException or TimeoutException)
        {
            throw new LoadTestConfigurationException([$"monitor.trace: cannot trace process {pid} ({ex.Message}); it must be a .NET process of this user with its diagnostics port open (DOTNET_EnableDiagnostics not 0)"]);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        _traceStream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 81920, useAsync: true);
        _traceCopy = _session.EventStream.CopyToAsync(_traceStream, CancellationToken.None);
    }

    private async Task<string?> StopTraceAsync()
    {
        if (_session is not { } session || _traceStream is not { } stream)
        {
            return null;
        }

        _session = null;
        _traceStream = null;
        try
        {
            await session.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await _traceCopy.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or ServerErrorException or IOException or TimeoutException or EndOfStreamException)
        {
            // The target may have exited during the run: the trace holds what it sent until then.
            _error ??= $"the trace ended early: {ex.Message}";
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            session.Dispose();
        }

        return stream.Name;
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await SampleAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(_options.SampleInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped with the run.
        }
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        var elapsed = _time.GetElapsedTime(_start);
        double? workingSet = null, gcHeap = null, cpuSeconds = null;
        if (_http is not null)
        {
            try
            {
                var text = await _http.GetStringAsync(_options.MetricsUrl, cancellationToken).ConfigureAwait(false);
                var values = PrometheusText.Parse(text);
                workingSet = PrometheusText.First(values, PrometheusText.WorkingSetNames);
                gcHeap = PrometheusText.First(values, PrometheusText.GcHeapNames);
                cpuSeconds = PrometheusText.First(values, PrometheusText.CpuSecondsNames);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                _error ??= $"scraping {Redacted(_options.MetricsUrl!)} failed: {ex.Message}";
            }
        }

        if (_process is not null)
        {
            try
            {
                // The process's own figures are exact and current; an exporter's may be cached between scrapes.
                _process.Refresh();
                workingSet = _process.WorkingSet64;
                cpuSeconds = _process.TotalProcessorTime.TotalSeconds;
            }
            catch (InvalidOperationException ex)
            {
                _error ??= $"process {_options.ProcessId} can no longer be read: {ex.Message}";
            }
        }

        double? cores = null;
        if (cpuSeconds is { } cpu)
        {
            if (_lastCpu is { } last && elapsed > last.Wall)
            {
                cores = Math.Max(0, (cpu - last.Cpu) / (elapsed - last.Wall).TotalSeconds);
            }

            _lastCpu = (elapsed, cpu);
        }

        if (workingSet is not null || gcHeap is not null || cores is not null)
        {
            _samples.Add(new ResourceSample { Elapsed = elapsed, WorkingSetBytes = workingSet, GcHeapBytes = gcHeap, CpuCores = cores });
        }
    }

    /// <summary>The endpoint without user info or query, which may carry credentials.</summary>
    private static string Redacted(Uri url) => url.GetLeftPart(UriPartial.Path).Replace(url.UserInfo + "@", "", StringComparison.Ordinal);
}
