using Cortex.LoadTesting.Results;
using Cortex.LoadTesting;
using Cortex.Production.Status;
using Cortex.Slo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cortex.Production.Dashboard.Internal;

/// <summary>
/// Refreshes the optimizer's status every sample interval and keeps the last points for the charts. Every figure comes
/// from <see cref="ProductionOptimizer.RefreshAsync"/>, the same status <c>/system/status</c>-style endpoints return.
/// </summary>
internal sealed class DashboardHistory : IDisposable
{
    private readonly ProductionOptimizer _optimizer;
    private readonly SloMonitor? _monitor;
    private readonly CortexDashboardOptions _options;
    private readonly TimeProvider _time;
    private readonly Queue<DashboardPoint> _points = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private LoadTestProgress? _progress;
    private DateTimeOffset _progressAt;

    public DashboardHistory(IServiceProvider services, CortexDashboardOptions options)
    {
        _optimizer = services.GetRequiredService<ProductionOptimizer>();
        _monitor = services.GetService<SloMonitor>();
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _options = options;
        _optimizer.LoadTestProgress += OnProgress;
        var lifetime = services.GetService<IHostApplicationLifetime>();
        if (lifetime is not null)
        {
            lifetime.ApplicationStarted.Register(() => _ = SampleLoopAsync(_stopping.Token));
            lifetime.ApplicationStopping.Register(_stopping.Cancel);
        }
    }

    public CortexDashboardOptions Options => _options;

    public SloMonitor? Monitor => _monitor;

    public DashboardSnapshot Snapshot()
    {
        var status = _optimizer.GetProductionStatus();
        DashboardPoint[] points;
        LoadTestProgress? progress;
        DateTimeOffset progressAt;
        lock (_gate)
        {
            points = [.. _points];
            progress = _progress;
            progressAt = _progressAt;
        }

        var alerts = _monitor?.GetActiveAlerts() ?? [];
        return new DashboardSnapshot(
            DashboardSnapshot.CurrentSchemaVersion,
            _time.GetUtcNow(),
            status,
            alerts,
            _options.AllowAcknowledge && _monitor is not null,
            progress is null ? null : LoadTest(progress, progressAt),
            points);
    }

    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var status = await _optimizer.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var point = Point(status);
        lock (_gate)
        {
            _points.Enqueue(point);
            while (_points.Count > _options.HistoryLength)
            {
                _points.Dequeue();
            }
        }
    }

    public void Dispose()
    {
        _optimizer.LoadTestProgress -= OnProgress;
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private static DashboardPoint Point(ProductionStatus status)
    {
        var recent = status.Slo?.LastFiveMinutes;
        var resources = status.Slo?.Resources;
        var hasRequests = recent is { Count: > 0 };
        return new DashboardPoint(
            status.EvaluatedAt,
            hasRequests ? recent!.P50.TotalMilliseconds : null,
            hasRequests ? recent!.P90.TotalMilliseconds : null,
            hasRequests ? recent!.P95.TotalMilliseconds : null,
            hasRequests ? recent!.P99.TotalMilliseconds : null,
            recent?.ErrorRate,
            recent?.Throughput,
            recent?.Count,
            resources?.Cpu,
            resources?.Memory,
            resources?.GcHeapBytes,
            resources?.GcPause,
            resources?.ThreadPoolQueueLength,
            status.Qdrant?.P95.TotalMilliseconds,
            status.Qdrant?.Requests,
            status.Qdrant?.Failures,
            status.Zai?.Requests,
            status.Zai?.CacheHitRate);
    }

    private DashboardLoadTest LoadTest(LoadTestProgress progress, DateTimeOffset reportedAt)
    {
        // A run reports every interval; two missed reports, or the planned length reached, and it is over.
        var interval = progress.Latest.Interval > TimeSpan.Zero ? progress.Latest.Interval : TimeSpan.FromSeconds(1);
        var running = _time.GetUtcNow() - reportedAt <= (interval * 2) + _options.SampleInterval && progress.Elapsed < progress.PlannedDuration;
        var fraction = progress.PlannedDuration > TimeSpan.Zero ? Math.Clamp(progress.Elapsed / progress.PlannedDuration, 0, 1) : 0;
        return new DashboardLoadTest(
            running,
            reportedAt,
            progress.Elapsed,
            progress.PlannedDuration,
            fraction,
            progress.Requests,
            progress.Errors,
            progress.Latest.Throughput,
            progress.Latest.ActiveUsers,
            progress.P95,
            [.. progress.Thresholds.Select(t => new DashboardThreshold(t.Source, t.Expression, t.Observed, t.Passed))]);
    }

    private void OnProgress(object? sender, LoadTestProgress progress)
    {
        lock (_gate)
        {
            _progress = progress;
            _progressAt = _time.GetUtcNow();
        }
    }

    private async Task SampleLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.SampleInterval, _time);
        try
        {
            do
            {
                try
                {
                    await SampleAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // A failed refresh leaves a gap in the charts; the health checks report the failure itself.
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
