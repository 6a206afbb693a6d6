using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Results;
using HdrHistogram;

namespace Cortex.LoadTesting.Execution;

/// <summary>
/// The measurements of one step or one scenario's iterations. Writers (the virtual users) record without allocation
/// into one shard per processor; the single reporter thread empties the shards into interval histograms and totals.
/// </summary>
/// <remarks>
/// Written by hand rather than with HdrHistogram's <c>Recorder</c>: a recorder costs two interlocked operations per value
/// on a concurrent histogram (about 55 ns a value, 113 ns a sample of service time plus latency, and more when two
/// cores contend for it). A shard is picked by the current processor, so its lock is almost never contended, and both
/// values of a sample go into plain histograms under one acquisition.
/// </remarks>
internal sealed class OperationMetrics(string name, string? stepType)
{
    private static readonly int ShardCount = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount);
    private readonly Shard[] _shards = [.. Enumerable.Range(0, ShardCount).Select(_ => new Shard())];
    private readonly LongHistogram _collectedService = HistogramCodec.Create();
    private readonly LongHistogram _collectedLatency = HistogramCodec.Create();
    private readonly ConcurrentDictionary<(string Type, int? Status), StrongBox<long>> _errorsByType = new();
    private long _errors;
    private long _bytesSent;
    private long _bytesReceived;

    // Reporter-side state: only the reporter thread touches it.
    private long _reportedErrors;

    public string Name { get; } = name;

    public string? StepType { get; } = stepType;

    public LongHistogram TotalService { get; } = HistogramCodec.Create();

    public LongHistogram TotalLatency { get; } = HistogramCodec.Create();

    public long TotalErrors => Volatile.Read(ref _errors);

    public long BytesSent => Volatile.Read(ref _bytesSent);

    public long BytesReceived => Volatile.Read(ref _bytesReceived);

    /// <summary>Records one execution.</summary>
    /// <param name="serviceMicros">Microseconds from the actual start to the end.</param>
    /// <param name="latencyMicros">Microseconds from the intended start to the end.</param>
    /// <param name="expectedIntervalMicros">The pacing interval of a paced closed model (HdrHistogram back-fills the samples a stall hid), or 0.</param>
    public void Record(long serviceMicros, long latencyMicros, long expectedIntervalMicros)
    {
        var service = Math.Clamp(serviceMicros, HistogramCodec.Lowest, HistogramCodec.Highest);
        var latency = Math.Clamp(latencyMicros, HistogramCodec.Lowest, HistogramCodec.Highest);
        var shard = _shards[Thread.GetCurrentProcessorId() & (ShardCount - 1)];
        lock (shard.Gate)
        {
            shard.Service.RecordValue(service);
            if (expectedIntervalMicros > 0)
            {
                shard.Latency.RecordValueWithExpectedInterval(latency, expectedIntervalMicros);
            }
            else
            {
                shard.Latency.RecordValue(latency);
            }
        }
    }

    public void CountBytes(long sent, long received)
    {
        Interlocked.Add(ref _bytesSent, sent);
        Interlocked.Add(ref _bytesReceived, received);
    }

    /// <summary>Counts a failed iteration (its cause is counted by the step that failed).</summary>
    public void CountError() => Interlocked.Increment(ref _errors);

    public void RecordError(string errorType, int? statusCode)
    {
        Interlocked.Increment(ref _errors);
        var box = _errorsByType.GetOrAdd((errorType, statusCode), static _ => new StrongBox<long>());
        Interlocked.Increment(ref box.Value);
    }

    public IEnumerable<(string Type, int? Status, long Count)> ErrorsByType() =>
        _errorsByType.Select(e => (e.Key.Type, e.Key.Status, Volatile.Read(ref e.Value.Value)));

    /// <summary>Moves what was recorded since the last call into the totals and adds it to the given interval histograms. Reporter thread only.</summary>
    /// <returns>The errors recorded since the last call.</returns>
    public long Collect(HistogramBase? intervalService, HistogramBase? intervalLatency)
    {
        _collectedService.Reset();
        _collectedLatency.Reset();
        foreach (var shard in _shards)
        {
            lock (shard.Gate)
            {
                _collectedService.Add(shard.Service);
                _collectedLatency.Add(shard.Latency);
                shard.Service.Reset();
                shard.Latency.Reset();
            }
        }

        TotalService.Add(_collectedService);
        TotalLatency.Add(_collectedLatency);
        intervalService?.Add(_collectedService);
        intervalLatency?.Add(_collectedLatency);
        var errors = TotalErrors;
        var delta = errors - _reportedErrors;
        _reportedErrors = errors;
        return delta;
    }

    /// <summary>This step's share of the interval just collected. Reporter thread only, after <see cref="Collect"/>.</summary>
    public StepInterval Interval(string scenario, long errors) => new()
    {
        Scenario = scenario,
        Step = Name,
        Requests = _collectedLatency.TotalCount,
        Errors = errors,
        P50 = _collectedLatency.TotalCount == 0 ? 0 : HistogramCodec.Millis(_collectedLatency.GetValueAtPercentile(50)),
        P95 = _collectedLatency.TotalCount == 0 ? 0 : HistogramCodec.Millis(_collectedLatency.GetValueAtPercentile(95)),
        P99 = _collectedLatency.TotalCount == 0 ? 0 : HistogramCodec.Millis(_collectedLatency.GetValueAtPercentile(99)),
    };

    public OperationSummary Summarize(TimeSpan duration) => new()
    {
        Name = Name,
        StepType = StepType,
        Count = TotalService.TotalCount,
        Errors = TotalErrors,
        BytesSent = Volatile.Read(ref _bytesSent),
        BytesReceived = Volatile.Read(ref _bytesReceived),
        Throughput = duration <= TimeSpan.Zero ? 0 : TotalService.TotalCount / duration.TotalSeconds,
        ServiceTime = HistogramCodec.ToStats(TotalService),
        Latency = HistogramCodec.ToStats(TotalLatency),
    };

    private sealed class Shard
    {
        public Lock Gate { get; } = new();

        public LongHistogram Service { get; } = HistogramCodec.Create();

        public LongHistogram Latency { get; } = HistogramCodec.Create();
    }
}
