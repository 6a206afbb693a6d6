using System.Diagnostics.Metrics;
using Cortex.Abstractions.Telemetry;
using Cortex.Slo.Storage;

namespace Cortex.Slo.Inputs;

/// <summary>
/// Feeds the series from meters: the host's request-duration instruments, the Qdrant pool's and the Z.AI client's
/// durations and counters, and the pool's connection gauges. Callbacks run on the recording thread and do not allocate
/// beyond what <see cref="MeterListener"/> does: the target of each instrument is resolved once, when it is published.
/// </summary>
internal sealed class SloMeterInputs : IDisposable
{
    private const string QdrantDuration = "cortex.qdrant.pool.request.duration";
    private const string ZaiDuration = "gen_ai.client.operation.duration";
    private const string ConnectionsBusy = "cortex.qdrant.pool.connections.busy";
    private const string ConnectionsOpen = "cortex.qdrant.pool.connections.open";

    private static readonly (string Meter, string Instrument)[] Counters =
    [
        (CortexTelemetry.ZaiOptimized, "cortex.zai.cache.hits"),
        (CortexTelemetry.ZaiOptimized, "cortex.zai.cache.misses"),
        (CortexTelemetry.ZaiOptimized, "cortex.zai.dedup.joins"),
        (CortexTelemetry.QdrantPooling, "cortex.qdrant.pool.errors"),
    ];

    private readonly Lock _sampleGate = new();
    private const string HttpRoute = "http.route";

    private readonly HashSet<(string Meter, string Instrument)> _hostInstruments;
    private readonly string[] _excludedRoutes;
    private readonly object? _scope;
    private readonly SliSeries _requests;
    private readonly SliSeries _qdrant;
    private readonly SliSeries _zai;
    private readonly CounterSeries _counters;
    private readonly MeterListener _listener = new();

    // Written only inside SampleObservables, which observable callbacks run within.
    private long _busy;
    private long _open;
    private bool _poolSeen;

    /// <param name="hostInstruments">The host's duration instruments as <c>MeterName/instrument.name</c>.</param>
    /// <param name="requests">The series the host instruments feed.</param>
    /// <param name="qdrant">The series <c>cortex.qdrant.pool.request.duration</c> feeds.</param>
    /// <param name="zai">The series <c>gen_ai.client.operation.duration</c> of <c>Cortex.Zai.Optimized</c> feeds.</param>
    /// <param name="counters">The counters the Cortex counters are added to, under their instrument names.</param>
    /// <param name="excludedRoutes">The <c>http.route</c> prefixes whose host measurements are not user traffic (<see cref="SloOptions.ExcludedRoutes"/>).</param>
    /// <param name="scope">
    /// The host's <see cref="IMeterFactory"/>: meters another factory made (another host in the process, such as an
    /// embedded test server answering this service's own calls) are not this service's traffic. Meters made without a
    /// factory are heard either way.
    /// </param>
    public SloMeterInputs(IReadOnlyList<string> hostInstruments, SliSeries requests, SliSeries qdrant, SliSeries zai, CounterSeries counters, IReadOnlyList<string>? excludedRoutes = null, object? scope = null)
    {
        _scope = scope;
        _hostInstruments = [.. hostInstruments.Select(Parse)];
        _excludedRoutes = [.. (excludedRoutes ?? []).Select(r => r.TrimEnd('/')).Where(r => r.Length > 0)];
        _requests = requests;
        _qdrant = qdrant;
        _zai = zai;
        _counters = counters;
        _listener.InstrumentPublished = OnInstrumentPublished;
        _listener.SetMeasurementEventCallback<double>(static (instrument, value, tags, state) => ((Target)state!).Measure(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (instrument, value, tags, state) => ((Target)state!).Measure(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (instrument, value, tags, state) => ((Target)state!).Measure(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (instrument, value, tags, state) => ((Target)state!).Measure(value, tags));
    }

    /// <summary>Gets busy / open Qdrant connections (all nodes, all pools) at the last <see cref="SampleObservables"/>; null when no pool reported.</summary>
    public double? PoolUtilization { get; private set; }

    public void Start() => _listener.Start();

    /// <summary>Reads the observable instruments (the pool's connection gauges) and updates <see cref="PoolUtilization"/>.</summary>
    public void SampleObservables()
    {
        lock (_sampleGate)
        {
            _busy = 0;
            _open = 0;
            _poolSeen = false;
            _listener.RecordObservableInstruments();
            PoolUtilization = !_poolSeen ? null : _open > 0 ? (double)_busy / _open : 0;
        }
    }

    public void Dispose() => _listener.Dispose();

    private static (string Meter, string Instrument) Parse(string name)
    {
        var slash = name.LastIndexOf('/');
        if (slash <= 0 || slash == name.Length - 1)
        {
            throw new ArgumentException($"The instrument '{name}' is not of the form MeterName/instrument.name, for example Microsoft.AspNetCore.Hosting/http.server.request.duration.", nameof(name));
        }

        return (name[..slash], name[(slash + 1)..]);
    }

    // Seconds per unit of a duration instrument; anything not in milliseconds or microseconds is taken as seconds.
    private static double SecondsPer(string? unit) => unit switch
    {
        "ms" => 0.001,
        "us" or "µs" or "μs" => 0.000_001,
        _ => 1,
    };

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (_scope is not null && instrument.Meter.Scope is { } scope && !ReferenceEquals(scope, _scope))
        {
            return;
        }

        var key = (instrument.Meter.Name, instrument.Name);
        Target? target = key switch
        {
            (CortexTelemetry.QdrantPooling, QdrantDuration) => new DurationTarget(_qdrant, SecondsPer(instrument.Unit), Failure.GrpcStatus),
            (CortexTelemetry.ZaiOptimized, ZaiDuration) => new DurationTarget(_zai, SecondsPer(instrument.Unit), Failure.ErrorTypeOnly),
            (CortexTelemetry.QdrantPooling, ConnectionsBusy) => new GaugeTarget(this, busy: true),
            (CortexTelemetry.QdrantPooling, ConnectionsOpen) => new GaugeTarget(this, busy: false),
            _ when _hostInstruments.Contains(key) => new DurationTarget(_requests, SecondsPer(instrument.Unit), Failure.HttpStatus, _excludedRoutes),
            _ when Counters.Contains(key) => new CounterTarget(_counters, instrument.Name),
            _ => null,
        };
        if (target is not null)
        {
            listener.EnableMeasurementEvents(instrument, target);
        }
    }

    private void AddConnections(long value, bool busy)
    {
        _poolSeen = true;
        if (busy)
        {
            _busy += value;
        }
        else
        {
            _open += value;
        }
    }

    private enum Failure
    {
        /// <summary>The measurement carries <c>error.type</c>.</summary>
        ErrorTypeOnly,

        /// <summary>It carries <c>error.type</c>, or <c>http.response.status_code</c> of 500 or more.</summary>
        HttpStatus,

        /// <summary>It carries <c>error.type</c>, or <c>rpc.grpc.status_code</c> other than 0 (OK).</summary>
        GrpcStatus,
    }

    private abstract class Target
    {
        public abstract void Measure(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);
    }

    private sealed class DurationTarget(SliSeries series, double secondsPerUnit, Failure failure, string[]? excludedRoutes = null) : Target
    {
        public override void Measure(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (excludedRoutes is { Length: > 0 } && IsExcluded(tags, excludedRoutes))
            {
                return;
            }

            series.RecordSeconds(value * secondsPerUnit, !Failed(tags));
        }

        // "/health" excludes "/health" and "/health/ready", not "/healthy".
        private static bool IsExcluded(ReadOnlySpan<KeyValuePair<string, object?>> tags, string[] excluded)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == HttpRoute && tag.Value is string route)
                {
                    foreach (var prefix in excluded)
                    {
                        if (route.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (route.Length == prefix.Length || route[prefix.Length] == '/'))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private bool Failed(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == CortexTags.ErrorType && tag.Value is not null)
                {
                    return true;
                }

                if (failure == Failure.HttpStatus && tag.Key == CortexTags.HttpStatusCode && AsNumber(tag.Value) >= 500)
                {
                    return true;
                }

                if (failure == Failure.GrpcStatus && tag.Key == CortexTags.GrpcStatusCode && AsNumber(tag.Value) is { } code && code != 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static long? AsNumber(object? value) => value switch
        {
            int i => i,
            long l => l,
            short s => s,
            ushort s => s,
            uint u => u,
            string text when long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            Enum e => Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    private sealed class CounterTarget(CounterSeries counters, string name) : Target
    {
        public override void Measure(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => counters.Add(name, (long)Math.Round(value));
    }

    private sealed class GaugeTarget(SloMeterInputs inputs, bool busy) : Target
    {
        public override void Measure(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => inputs.AddConnections((long)value, busy);
    }
}
