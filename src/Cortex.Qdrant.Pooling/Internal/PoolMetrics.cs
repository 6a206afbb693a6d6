using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cortex.Abstractions.Telemetry;
using Cortex.Internal;
using Grpc.Core;

namespace Cortex.Qdrant.Pooling.Internal;

/// <summary>The pool's instruments on the <c>Cortex.Qdrant.Pooling</c> meter. Durations are in seconds.</summary>
internal sealed class PoolMetrics : IDisposable
{
    // Boxed once: a tag value is an object, and boxing the status on every request would allocate.
    private static readonly object[] BoxedStatus = [.. Enumerable.Range(0, 17).Select(i => (object)i)];
    private readonly PackageMeter _packageMeter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _queueRejections;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _queueWait;

    public PoolMetrics(IMeterFactory? meterFactory, QdrantPooledClient pool)
    {
        _packageMeter = new PackageMeter(meterFactory, CortexTelemetry.QdrantPooling);
        var meter = _packageMeter.Meter;
        _requests = meter.CreateCounter<long>("cortex.qdrant.pool.requests", "{request}", "Attempts sent to Qdrant nodes, by node and gRPC status code.");
        _errors = meter.CreateCounter<long>("cortex.qdrant.pool.errors", "{error}", "Failed attempts, by node and gRPC status code.");
        _retries = meter.CreateCounter<long>("cortex.qdrant.pool.retries", "{retry}", "Retries, by the gRPC status code that caused them.");
        _queueRejections = meter.CreateCounter<long>("cortex.qdrant.pool.queue.rejections", "{request}", "Requests refused because the queue was full.");
        _duration = meter.CreateHistogram<double>("cortex.qdrant.pool.request.duration", "s", "Duration of one attempt on one node.");
        _queueWait = meter.CreateHistogram<double>("cortex.qdrant.pool.queue.wait.duration", "s", "Time a request waited for a connection.");
        meter.CreateObservableUpDownCounter("cortex.qdrant.pool.requests.in_flight", () => PerNode(pool, n => n.InFlight), "{request}", "Requests in flight, by node.");
        meter.CreateObservableUpDownCounter("cortex.qdrant.pool.queue.length", () => pool.QueueLength, "{request}", "Requests waiting for a connection.");
        meter.CreateObservableUpDownCounter("cortex.qdrant.pool.connections.open", () => PerNode(pool, n => n.Connections.Count), "{connection}", "Open connections, by node.");
        meter.CreateObservableUpDownCounter("cortex.qdrant.pool.connections.busy", () => PerNode(pool, n => n.Connections.Count(c => c.InFlight > 0)), "{connection}", "Connections with requests in flight, by node.");
        meter.CreateObservableGauge("cortex.qdrant.pool.circuit.state", () => PerNode(pool, n => (int)n.Circuit), "{state}", "Circuit state by node: 0 closed, 1 open, 2 half-open, 3 isolated.");
    }

    public void Attempt(PoolNode node, StatusCode status, TimeSpan elapsed)
    {
        var tags = new TagList { { CortexTags.NodeId, node.Id }, { CortexTags.GrpcStatusCode, BoxedStatus[(int)status] } };
        _requests.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
        if (status != StatusCode.OK)
        {
            _errors.Add(1, tags);
        }
    }

    public void Retry(StatusCode status) => _retries.Add(1, new KeyValuePair<string, object?>(CortexTags.GrpcStatusCode, BoxedStatus[(int)status]));

    public void QueueRejected() => _queueRejections.Add(1);

    public void QueueWait(TimeSpan waited) => _queueWait.Record(waited.TotalSeconds);

    public void Dispose() => _packageMeter.Dispose();

    private static IEnumerable<Measurement<int>> PerNode(QdrantPooledClient pool, Func<PoolNode, int> value)
    {
        foreach (var node in pool.NodesSnapshot)
        {
            yield return new Measurement<int>(value(node), new KeyValuePair<string, object?>(CortexTags.NodeId, node.Id));
        }
    }
}
