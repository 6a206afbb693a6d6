using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Cortex.Abstractions.Telemetry;
using Cortex.Internal;
using Cortex.Slo.Alerting;
using Cortex.Slo.Evaluation;
using Cortex.Slo.Inputs;
using Cortex.Slo.Status;
using Cortex.Slo.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cortex.Slo;

/// <summary>
/// Watches the service's SLOs from its real measurements: <see cref="Record"/> calls, the host's instruments and the
/// Cortex meters. Every <see cref="SloOptions.EvaluationInterval"/> it computes each SLO, its error budget and burn
/// rates, raises and resolves alerts (grouped, inhibited, escalated and delivered through a retrying outbox), flags
/// anomalies, and publishes the state on the <c>Cortex.Slo</c> meter. <c>AddCortexSlo</c> registers and starts it.
/// </summary>
public sealed partial class SloMonitor : IAsyncDisposable
{
    private const int MaxOperations = 100;
    private const string OtherOperation = "other";

    private readonly SloOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, SliSeries> _series;
    private readonly SliSeries _requests;
    private readonly CounterSeries _counters;
    private readonly SloMeterInputs _inputs;
    private readonly ResourceSampler _resources;
    private readonly AlertManager _alerts;
    private readonly AnomalyDetector _anomalies;
    private readonly ConcurrentDictionary<string, OperationStats> _operations = new(StringComparer.Ordinal);
    private readonly PackageMeter _meter;
    private readonly Lock _evaluationLock = new();
    private readonly DateTimeOffset _startedAt;
    private readonly List<Anomaly> _recentAnomalies = [];
    private readonly Dictionary<string, DateTimeOffset> _anomalyFedUntil = new(StringComparer.Ordinal);
    private readonly HashSet<string> _violating = new(StringComparer.Ordinal);
    private CancellationTokenSource? _loopStop;
    private Task? _loop;
    private SloStatus _status;
    private DateTimeOffset _lastSnapshot;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="SloMonitor"/> class.</summary>
    /// <param name="options">What to watch and how to alert; validated by <c>AddCortexSlo</c> (here: <see cref="ArgumentException"/> when invalid).</param>
    /// <param name="httpClientFactory">Creates the clients that deliver webhook and Slack notifications; <see langword="null"/> for a private one.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for the system clock.</param>
    /// <param name="loggerFactory">Where the monitor logs; <see langword="null"/> for nowhere.</param>
    /// <param name="meterFactory">Creates the <c>Cortex.Slo</c> meter; <see langword="null"/> for a standalone meter.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every bad field.</exception>
    public SloMonitor(SloOptions options, IHttpClientFactory? httpClientFactory = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = SloOptionsValidator.Errors(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid SLO options: " + string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<SloMonitor>();
        Definitions = SloDefinitions.From(options);
        _series = new Dictionary<string, SliSeries>(StringComparer.Ordinal);
        foreach (var name in new[] { SloDefinitions.Requests, SloDefinitions.Qdrant, SloDefinitions.Zai })
        {
            _series[name] = new SliSeries(name, SloDefinitions.LatencyThresholds(Definitions, name), options.Retention, options.SloWindow, options.MinuteRetention);
        }

        _requests = _series[SloDefinitions.Requests];
        _counters = new CounterSeries(options.MinuteRetention < options.Retention ? options.MinuteRetention : options.Retention);
        _inputs = new SloMeterInputs([.. options.Instruments], _requests, _series[SloDefinitions.Qdrant], _series[SloDefinitions.Zai], _counters, [.. options.ExcludedRoutes], meterFactory);
        _resources = new ResourceSampler(_time);
        _meter = new PackageMeter(meterFactory, CortexTelemetry.Slo);
        _alerts = new AlertManager(options.Alerting, options.ServiceName, httpClientFactory ?? new PrivateHttpClientFactory(), _time, loggerFactory.CreateLogger("Cortex.Slo.Alerting"), new AlertMetrics(_meter.Meter));
        _alerts.Created += a => AlertCreated?.Invoke(this, new AlertEventArgs(a));
        _alerts.Acknowledged += a => AlertAcknowledged?.Invoke(this, new AlertEventArgs(a));
        _alerts.Resolved += a => AlertResolved?.Invoke(this, new AlertEventArgs(a));
        _anomalies = new AnomalyDetector(options.Anomaly);
        _startedAt = _time.GetUtcNow();
        _lastSnapshot = _startedAt;
        _status = new SloStatus { EvaluatedAt = _startedAt, Objectives = [.. Definitions.Select(d => new SloObjectiveStatus { Definition = d, Compliant = true })] };
        CreateInstruments();
    }

    /// <summary>Raised when an alert starts firing.</summary>
    public event EventHandler<AlertEventArgs>? AlertCreated;

    /// <summary>Raised when an alert is acknowledged.</summary>
    public event EventHandler<AlertEventArgs>? AlertAcknowledged;

    /// <summary>Raised when an alert resolves, by itself or by hand.</summary>
    public event EventHandler<AlertEventArgs>? AlertResolved;

    /// <summary>Raised when an SLO goes out of compliance.</summary>
    public event EventHandler<SloViolationEventArgs>? SloViolation;

    /// <summary>Raised when an anomaly is flagged.</summary>
    public event EventHandler<AnomalyEventArgs>? AnomalyDetected;

    /// <summary>Gets the SLOs compiled from the options, in evaluation order.</summary>
    public IReadOnlyList<SloDefinition> Definitions { get; }

    /// <summary>Gets the options the monitor runs with.</summary>
    public SloOptions Options => _options;

    /// <summary>Restores the snapshot (when configured), starts listening to the meters, the alert dispatcher and the evaluation loop.</summary>
    /// <param name="cancellationToken">Cancels the snapshot load.</param>
    /// <returns>A task that completes once running.</returns>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_loop is not null || !_options.Enabled)
        {
            return;
        }

        if (_options.SnapshotPath is { } path)
        {
            var restored = await SloSnapshot.TryLoadAsync(path, _series, _counters, _logger, cancellationToken).ConfigureAwait(false);
            LogSnapshotLoaded(_logger, restored);
        }

        _inputs.Start();
        _alerts.Start();
        _loopStop = new CancellationTokenSource();
        _loop = RunLoopAsync(_loopStop.Token);
    }

    /// <summary>Stops the evaluation loop and the dispatcher, and saves the snapshot (when configured).</summary>
    /// <param name="cancellationToken">Cancels the snapshot save.</param>
    /// <returns>A task that completes once stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_loop is null)
        {
            return;
        }

        await _loopStop!.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _loop = null;
        _loopStop.Dispose();
        await _alerts.StopAsync().ConfigureAwait(false);
        await SaveSnapshotAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records one operation measured by the caller. Lock-free and allocation-free for up to 100 distinct operation
    /// names (later names are counted under <c>other</c>).
    /// </summary>
    /// <param name="operation">The operation's name, for per-operation figures in the status.</param>
    /// <param name="duration">How long it took.</param>
    /// <param name="success">Whether it succeeded.</param>
    public void Record(string operation, TimeSpan duration, bool success)
    {
        _requests.Record(duration, success);
        if (!_operations.TryGetValue(operation ?? OtherOperation, out var stats))
        {
            stats = AddOperation(operation ?? OtherOperation);
        }

        stats.Record(duration, success);
    }

    /// <summary>Gets the SLOs as last evaluated.</summary>
    /// <returns>The status.</returns>
    public SloStatus GetSloStatus() => Volatile.Read(ref _status);

    /// <summary>Gets the alerts firing now.</summary>
    /// <returns>The alerts.</returns>
    public IReadOnlyList<Alert> GetActiveAlerts() => _alerts.Active;

    /// <summary>
    /// Gets the notifications a channel refused (an HTTP 4xx other than 408 and 429, a refused login) or did not take
    /// within <see cref="DeliveryOptions.MaxAge"/>, oldest first (the last 1,000), with the alerts they carried. Each was
    /// also logged as an error and counted on <c>cortex.slo.alert.notifications</c>; the <c>cortex-slo</c> health check
    /// is degraded for a day after one.
    /// </summary>
    /// <returns>The notifications given up.</returns>
    public IReadOnlyList<UndeliveredNotification> GetUndeliveredNotifications() => _alerts.Undelivered;

    /// <summary>Gets the monitor's clock.</summary>
    internal TimeProvider Time => _time;

    /// <summary>Gets whether the alert manager's loops sleep with nothing due (for tests that drive a fake clock).</summary>
    internal bool IsAlertingIdle => _alerts.IsIdle;

    /// <summary>Gets the anomalies flagged in the last 24 hours, newest last.</summary>
    /// <returns>The anomalies.</returns>
    public IReadOnlyList<Anomaly> GetAnomalies()
    {
        lock (_evaluationLock)
        {
            var since = _time.GetUtcNow() - TimeSpan.FromDays(1);
            return [.. _recentAnomalies.Where(a => a.DetectedAt >= since)];
        }
    }

    /// <summary>Acknowledges an alert, which stops its escalation.</summary>
    /// <param name="id">The alert's id.</param>
    /// <returns>Whether a firing alert with that id was found.</returns>
    public bool AcknowledgeAlert(string id) => _alerts.Acknowledge(id);

    /// <summary>
    /// Silences, until <paramref name="endsAt"/>, the firing alerts whose labels equal every matcher (for example
    /// <c>slo = latency-p99</c>, or <c>alertname = burn-rate:page-fast</c> and <c>service = checkout</c>): they are sent
    /// to no channel, and go out as usual once the silence ends. Kept in the alert journal when one is configured.
    /// </summary>
    /// <param name="matchers">The label names and the values they must have; at least one.</param>
    /// <param name="endsAt">When the silence ends; in the future.</param>
    /// <param name="comment">Why, for whoever looks at <see cref="GetSilences"/>.</param>
    /// <returns>The silence.</returns>
    /// <exception cref="ArgumentException">No matcher, or an end that is not in the future.</exception>
    public Silence AddSilence(IReadOnlyDictionary<string, string> matchers, DateTimeOffset endsAt, string? comment = null) => _alerts.AddSilence(matchers, endsAt, comment);

    /// <summary>Ends a silence now; what it muted is sent at once.</summary>
    /// <param name="id">The silence's id.</param>
    /// <returns>Whether a silence with that id had not ended.</returns>
    public bool ExpireSilence(string id) => _alerts.ExpireSilence(id);

    /// <summary>Gets the silences that have not ended.</summary>
    /// <returns>The silences, oldest first.</returns>
    public IReadOnlyList<Silence> GetSilences() => _alerts.Silences;

    /// <summary>Resolves an alert by hand.</summary>
    /// <param name="id">The alert's id.</param>
    /// <returns>Whether a firing alert with that id was found.</returns>
    public bool ResolveAlert(string id) => _alerts.Resolve(id);

    /// <summary>Sends a test notification to every configured channel.</summary>
    /// <param name="cancellationToken">Cancels the sending.</param>
    /// <returns>Whether every configured channel accepted it (false when none is configured).</returns>
    public Task<bool> SendTestNotificationAsync(CancellationToken cancellationToken = default) => _alerts.SendTestNotificationAsync(cancellationToken);

    /// <summary>Gets the Prometheus recording and multi-window burn-rate alert rules (Sloth-style YAML) for the SLOs with an error budget.</summary>
    /// <returns>The rule file.</returns>
    public string ExportPrometheusRules() => Exports.PrometheusRules.Generate(_options, Definitions);

    /// <summary>Gets the SLOs as OpenSLO v1 YAML documents.</summary>
    /// <returns>The YAML.</returns>
    public string ExportOpenSlo() => Exports.OpenSloExport.Generate(_options, Definitions);

    /// <summary>
    /// Gets a Grafana dashboard (JSON model, to import with Dashboards, New, Import) for the SLOs with an error budget and
    /// the Cortex meters as the OpenTelemetry Prometheus exporter names them: per SLO its compliance, error budget left
    /// and burn rate per alert window, read from the series recorded by <see cref="ExportPrometheusRules"/> (load those
    /// rules too); the request rate, error ratio and latency percentiles from the request-duration histogram; and the
    /// Qdrant pool and Z.AI panels. The Prometheus data source is a template variable chosen on import.
    /// </summary>
    /// <returns>The dashboard JSON.</returns>
    public string ExportGrafanaDashboard() => Exports.GrafanaDashboard.Generate(_options, Definitions);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _inputs.Dispose();
        await _alerts.DisposeAsync().ConfigureAwait(false);
        _meter.Dispose();
    }

    private OperationStats AddOperation(string operation)
    {
        // Bounded so a caller that puts ids in operation names cannot grow memory without end.
        if (_operations.Count >= MaxOperations)
        {
            return _operations.GetOrAdd(OtherOperation, static _ => new OperationStats());
        }

        return _operations.GetOrAdd(operation, static _ => new OperationStats());
    }

    private async Task RunLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.EvaluationInterval, _time, cancellationToken).ConfigureAwait(false);
                Evaluate();
                if (_time.GetUtcNow() - _lastSnapshot >= TimeSpan.FromHours(1))
                {
                    await SaveSnapshotAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // One failed evaluation must not stop monitoring; it is logged and the next one runs.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogEvaluationFailed(_logger, ex);
            }
        }
    }

    private async Task SaveSnapshotAsync(CancellationToken cancellationToken)
    {
        if (_options.SnapshotPath is not { } path)
        {
            return;
        }

        _lastSnapshot = _time.GetUtcNow();
        try
        {
            lock (_evaluationLock)
            {
                foreach (var series in _series.Values)
                {
                    series.Collect(_lastSnapshot);
                }

                _counters.Collect(_lastSnapshot);
            }

            await SloSnapshot.SaveAsync(path, _series, _counters, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogSnapshotSaveFailed(_logger, ex);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "SLO evaluation failed; the next one runs as planned")]
    private static partial void LogEvaluationFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Could not save the SLO snapshot; history since the last save would be lost on restart")]
    private static partial void LogSnapshotSaveFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "SLO history restored from the snapshot: {Restored}")]
    private static partial void LogSnapshotLoaded(ILogger logger, bool restored);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "SLO {Slo} violated: {Description}")]
    private static partial void LogViolation(ILogger logger, string slo, string description);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Anomaly in {Series} {Metric}: {Value} against a baseline of {Baseline}")]
    private static partial void LogAnomaly(ILogger logger, string series, string metric, double value, double baseline);

    /// <summary>Per-operation counts since start: three interlocked counters, no lock, no allocation.</summary>
    private sealed class OperationStats
    {
        private long _count;
        private long _errors;
        private long _ticks;

        public long Count => Volatile.Read(ref _count);

        public long Errors => Volatile.Read(ref _errors);

        public TimeSpan Mean => Count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Volatile.Read(ref _ticks) / Count);

        public void Record(TimeSpan duration, bool success)
        {
            Interlocked.Increment(ref _count);
            Interlocked.Add(ref _ticks, duration.Ticks);
            if (!success)
            {
                Interlocked.Increment(ref _errors);
            }
        }
    }

    /// <summary>For a monitor built without dependency injection: clients over one shared handler, as IHttpClientFactory would pool them.</summary>
    private sealed class PrivateHttpClientFactory : IHttpClientFactory
    {
        private static readonly SocketsHttpHandler Handler = new() { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };

        public HttpClient CreateClient(string name) => new(Handler, disposeHandler: false);
    }
}
