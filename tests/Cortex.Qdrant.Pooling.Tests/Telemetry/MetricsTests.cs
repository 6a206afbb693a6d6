using System.Diagnostics.Metrics;
using Cortex.Abstractions.Telemetry;
using Cortex.Qdrant.Pooling.Tests.Infrastructure;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

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
        // The pool's own meter factory scopes the collectors to this pool: a collector follows one instrument.
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = meters.GetRequiredService<IMeterFactory>();
        await using var pool = new QdrantPooledClient(options, meterFactory: factory);
        using var requestCounts = Collect<long>(factory, "cortex.qdrant.pool.requests");
        using var errors = Collect<long>(factory, "cortex.qdrant.pool.errors");
        using var duration = Collect<double>(factory, "cortex.qdrant.pool.request.duration");
        using var connections = Collect<int>(factory, "cortex.qdrant.pool.connections.open");
        using var circuit = Collect<int>(factory, "cortex.qdrant.pool.circuit.state");
        using var inFlight = Collect<int>(factory, "cortex.qdrant.pool.requests.in_flight");

        await pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct);
        await pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct);
        cluster[0].Faults.FailNext(1, StatusCode.NotFound, Cluster.QueryMethod);
        await Assert.ThrowsAsync<RpcException>(() => pool.ReadAsync(Cluster.QueryAsync, cancellationToken: Ct));
        foreach (var gauge in new[] { connections, circuit, inFlight })
        {
            gauge.RecordObservableInstruments();
        }

        var requests = Ours(requestCounts);
        Assert.Equal(2, requests.Count(m => Equals(m.Tags[CortexTags.GrpcStatusCode], (int)StatusCode.OK)));
        Assert.Single(requests, m => Equals(m.Tags[CortexTags.GrpcStatusCode], (int)StatusCode.NotFound));
        Assert.Single(Ours(errors));
        var durations = Ours(duration);
        Assert.Equal(3, durations.Count);
        Assert.All(durations, d => Assert.InRange(d.Value, 1e-6, 5));
        Assert.Contains(Ours(connections), m => m.Value >= 1);
        Assert.Contains(Ours(circuit), m => m.Value == 0);
        Assert.Contains(Ours(inFlight), m => m.Value == 0);

        var stats = pool.GetStatistics();
        Assert.Equal(3, stats.Requests);
        Assert.Equal(1, stats.Failures);
        Assert.Equal(1, stats.Nodes[0].ErrorsByStatus["NotFound"]);
        Assert.True(stats.Nodes[0].P99 >= stats.Nodes[0].P50 && stats.Nodes[0].P50 > TimeSpan.Zero);
    }

    private static MetricCollector<T> Collect<T>(IMeterFactory factory, string instrument)
        where T : struct => new(factory, CortexTelemetry.QdrantPooling, instrument);

    private static IReadOnlyList<CollectedMeasurement<T>> Ours<T>(MetricCollector<T> collector)
        where T : struct => collector.GetMeasurementSnapshot();
}
