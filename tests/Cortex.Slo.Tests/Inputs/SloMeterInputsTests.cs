using System.Diagnostics.Metrics;
using Cortex.Abstractions.Telemetry;
using Cortex.Slo.Inputs;
using Cortex.Slo.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Slo.Tests.Inputs;

// The listener hears every meter of these names in the process, so these tests run alone.
[CollectionDefinition(nameof(SloMeterInputsTests), DisableParallelization = true)]
[Collection(nameof(SloMeterInputsTests))]
public sealed class SloMeterInputsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 30, TimeSpan.Zero);
    private readonly SliSeries _requests = New("requests");
    private readonly SliSeries _qdrant = New("qdrant");
    private readonly SliSeries _zai = New("zai");
    private readonly CounterSeries _counters = new(TimeSpan.FromDays(7));

    [Fact]
    public void Start_HostAndQdrantDurations_FeedTheirSeriesWithFailures()
    {
        using var host = new Meter("Test.Meter");
        using var qdrantMeter = new Meter(CortexTelemetry.QdrantPooling);
        var requests = host.CreateHistogram<double>("http.server.request.duration", "s");
        var qdrant = qdrantMeter.CreateHistogram<double>("cortex.qdrant.pool.request.duration", "s");
        using var inputs = Listen("Test.Meter/http.server.request.duration");

        requests.Record(0.05, new KeyValuePair<string, object?>(CortexTags.HttpStatusCode, 200));
        requests.Record(0.2, new KeyValuePair<string, object?>(CortexTags.HttpStatusCode, 503));
        requests.Record(0.1, new KeyValuePair<string, object?>(CortexTags.HttpStatusCode, 404));
        requests.Record(0.1, new KeyValuePair<string, object?>(CortexTags.ErrorType, "System.TimeoutException"));
        qdrant.Record(0.01, new KeyValuePair<string, object?>(CortexTags.NodeId, "a"), new KeyValuePair<string, object?>(CortexTags.GrpcStatusCode, 0));
        qdrant.Record(0.02, new KeyValuePair<string, object?>(CortexTags.NodeId, "a"), new KeyValuePair<string, object?>(CortexTags.GrpcStatusCode, 14));
        qdrant.Record(0.03, new KeyValuePair<string, object?>(CortexTags.NodeId, "b"), new KeyValuePair<string, object?>(CortexTags.GrpcStatusCode, 0));
        Collect();

        Assert.Equal((4, 2), Counts(_requests));
        Assert.Equal((3, 1), Counts(_qdrant));
        Assert.Equal((0, 0), Counts(_zai));
        Assert.InRange(_requests.Histogram(TimeSpan.FromMinutes(1), Now).GetValueAtPercentile(100), 199_000, 201_000);
    }

    [Fact]
    public void Start_ZaiDurationsAndMillisecondHostInstrument_RecordInSeconds()
    {
        using var host = new Meter("Test.Meter");
        using var zaiMeter = new Meter(CortexTelemetry.ZaiOptimized);
        var requests = host.CreateHistogram<long>("request.time", "ms");
        var zai = zaiMeter.CreateHistogram<double>("gen_ai.client.operation.duration", "s");
        var unrelated = zaiMeter.CreateHistogram<double>("gen_ai.client.token.usage", "{token}");
        using var inputs = Listen("Test.Meter/request.time");

        requests.Record(250);
        zai.Record(1.5, new KeyValuePair<string, object?>(CortexTags.GenAiOperation, "chat"));
        zai.Record(0.5, new KeyValuePair<string, object?>(CortexTags.ErrorType, "429"));
        unrelated.Record(1000);
        Collect();

        Assert.Equal((1, 0), Counts(_requests));
        Assert.InRange(_requests.Histogram(TimeSpan.FromMinutes(1), Now).GetValueAtPercentile(50), 249_000, 251_000);
        Assert.Equal((2, 1), Counts(_zai));
    }

    [Fact]
    public void Start_CortexCounters_AreSummedByInstrumentName()
    {
        using var zaiMeter = new Meter(CortexTelemetry.ZaiOptimized);
        using var qdrantMeter = new Meter(CortexTelemetry.QdrantPooling);
        var hits = zaiMeter.CreateCounter<long>("cortex.zai.cache.hits");
        var misses = zaiMeter.CreateCounter<long>("cortex.zai.cache.misses");
        var joins = zaiMeter.CreateCounter<long>("cortex.zai.dedup.joins");
        var errors = qdrantMeter.CreateCounter<long>("cortex.qdrant.pool.errors");
        using var inputs = Listen();

        hits.Add(3, new KeyValuePair<string, object?>(CortexTags.CacheTier, "memory"));
        hits.Add(2, new KeyValuePair<string, object?>(CortexTags.CacheTier, "redis"));
        misses.Add(1);
        joins.Add(4);
        errors.Add(2);
        Collect();

        Assert.Equal(5, Sum("cortex.zai.cache.hits"));
        Assert.Equal(1, Sum("cortex.zai.cache.misses"));
        Assert.Equal(4, Sum("cortex.zai.dedup.joins"));
        Assert.Equal(2, Sum("cortex.qdrant.pool.errors"));
    }

    [Fact]
    public void SampleObservables_PoolConnectionGauges_GiveBusyOverOpen()
    {
        using var inputs = Listen();
        inputs.SampleObservables();
        Assert.Null(inputs.PoolUtilization);

        using var qdrantMeter = new Meter(CortexTelemetry.QdrantPooling);
        var busy = new[] { 1, 2 };
        qdrantMeter.CreateObservableUpDownCounter("cortex.qdrant.pool.connections.busy", () => PerNode(busy));
        qdrantMeter.CreateObservableUpDownCounter("cortex.qdrant.pool.connections.open", () => PerNode([4, 4]));
        inputs.SampleObservables();
        Assert.Equal(3.0 / 8, inputs.PoolUtilization);

        busy[1] = 0;
        inputs.SampleObservables();
        Assert.Equal(1.0 / 8, inputs.PoolUtilization);
    }

    [Fact]
    public void Start_OperationalRoutes_AreNotCountedAsUserTraffic()
    {
        using var host = new Meter("Test.Meter");
        var requests = host.CreateHistogram<double>("http.server.request.duration", "s");
        using var inputs = new SloMeterInputs(["Test.Meter/http.server.request.duration"], _requests, _qdrant, _zai, _counters, [.. new SloOptions().ExcludedRoutes]);
        inputs.Start();

        foreach (var route in new[] { "/memory/find", "/metrics", "/health/ready", "/health/live", "/system/status", "/healthy", "/memory/store" })
        {
            requests.Record(0.05, new KeyValuePair<string, object?>("http.route", route), new KeyValuePair<string, object?>(CortexTags.HttpStatusCode, 200));
        }

        requests.Record(0.05, new KeyValuePair<string, object?>(CortexTags.HttpStatusCode, 404));
        Collect();

        // The two memory routes, "/healthy" (not below /health) and the unrouted 404.
        Assert.Equal((4, 0), Counts(_requests));
    }

    [Fact]
    public void Start_MeterOfAnotherHostsFactory_IsNotThisServicesTraffic()
    {
        using var ours = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var theirs = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = ours.GetRequiredService<IMeterFactory>();
        var other = theirs.GetRequiredService<IMeterFactory>();
        var own = factory.Create("Test.Hosting").CreateHistogram<double>("http.server.request.duration", "s");
        var embedded = other.Create("Test.Hosting").CreateHistogram<double>("http.server.request.duration", "s");
        using var inputs = new SloMeterInputs(["Test.Hosting/http.server.request.duration"], _requests, _qdrant, _zai, _counters, scope: factory);
        inputs.Start();

        own.Record(0.05);
        embedded.Record(0.05);
        embedded.Record(0.05);
        Collect();

        Assert.Equal((1, 0), Counts(_requests));
    }

    [Fact]
    public void Constructor_InstrumentWithoutMeter_ThrowsNamingIt()
    {
        var exception = Assert.Throws<ArgumentException>(() => new SloMeterInputs(["http.server.request.duration"], _requests, _qdrant, _zai, _counters));

        Assert.Contains("http.server.request.duration", exception.Message, StringComparison.Ordinal);
    }

    private SloMeterInputs Listen(params string[] hostInstruments)
    {
        var inputs = new SloMeterInputs(hostInstruments, _requests, _qdrant, _zai, _counters);
        inputs.Start();
        return inputs;
    }

    private static SliSeries New(string name) => new(name, [TimeSpan.FromMilliseconds(100)], TimeSpan.FromDays(7));

    private static Measurement<int>[] PerNode(int[] values) =>
        [.. values.Select((value, i) => new Measurement<int>(value, new KeyValuePair<string, object?>(CortexTags.NodeId, $"node-{i}")))];

    private static (long Count, long Errors) Counts(SliSeries series)
    {
        var counts = series.Counts(TimeSpan.FromMinutes(1), Now);
        return (counts.Count, counts.Errors);
    }

    private long Sum(string name) => _counters.Sum(name, TimeSpan.FromMinutes(1), Now);

    private void Collect()
    {
        foreach (var series in new[] { _requests, _qdrant, _zai })
        {
            series.Collect(Now);
        }

        _counters.Collect(Now);
    }
}
