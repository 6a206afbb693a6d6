using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Cortex.Abstractions.Telemetry;
using Cortex.Qdrant.Pooling.Tests.Infrastructure;
using Grpc.Core;

namespace Cortex.Qdrant.Pooling.Tests.Telemetry;

public sealed class MetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_RecordsRequestsErrorsDurationsAndGaugesByNodeAndStatus()
    {
        await using var cluster = await Cluster.StartAsync(1);
        var options = cluster.Options(o => o.MaxRetries = 0);
        options.Nodes[0].Id = "metrics-node";
        await using var pool = new QdrantPooledClient(options);
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CortexTelemetry.QdrantPooling)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            if (Equals(copy.GetValueOrDefault(CortexTags.NodeId), "metrics-node") || !copy.ContainsKey(CortexTags.NodeId))
            {
                measurements.Enqueue((instrument.Name, value, copy));
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Keep(i, v, t));
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Keep(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Keep(i, v, t));
        listener.Start();

        await pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct);
        await pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct);
        cluster[0].Faults.FailNext(1, StatusCode.NotFound, Cluster.QueryMethod);
        await Assert.ThrowsAsync<RpcException>(() => pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct));
        listener.RecordObservableInstruments();

        var requests = measurements.Where(m => m.Instrument == "cortex.qdrant.pool.requests").ToList();
        Assert.Equal(2, requests.Count(m => Equals(m.Tags[CortexTags.GrpcStatusCode], (int)StatusCode.OK)));
        Assert.Single(requests, m => Equals(m.Tags[CortexTags.GrpcStatusCode], (int)StatusCode.NotFound));
        Assert.Single(measurements, m => m.Instrument == "cortex.qdrant.pool.errors");
        var durations = measurements.Where(m => m.Instrument == "cortex.qdrant.pool.request.duration").ToList();
        Assert.Equal(3, durations.Count);
        Assert.All(durations, d => Assert.InRange(d.Value, 1e-6, 5));
        Assert.Contains(measurements, m => m.Instrument == "cortex.qdrant.pool.connections.open" && m.Value >= 1);
        Assert.Contains(measurements, m => m.Instrument == "cortex.qdrant.pool.circuit.state" && m.Value == 0);
        Assert.Contains(measurements, m => m.Instrument == "cortex.qdrant.pool.requests.in_flight" && m.Value == 0);

        var stats = pool.GetStatistics();
        Assert.Equal(3, stats.Requests);
        Assert.Equal(1, stats.Failures);
        Assert.Equal(1, stats.Nodes[0].ErrorsByStatus["NotFound"]);
        Assert.True(stats.Nodes[0].P99 >= stats.Nodes[0].P50 && stats.Nodes[0].P50 > TimeSpan.Zero);
    }
}
