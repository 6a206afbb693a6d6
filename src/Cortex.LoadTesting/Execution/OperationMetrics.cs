using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Cortex.LoadTesting.Internal;
using HdrHistogram;

namespace Cortex.LoadTesting.Execution;

/// <summary>
/// The measurements of one step or one scenario's iterations. Writers (the virtual users) record into HdrHistogram
/// recorders without locks or allocation; the single reporter thread takes interval histograms and keeps the totals.
/// </summary>
internal sealed class OperationMetrics(string name, string? stepType)
{
    private readonly Recorder _service = HistogramCodec.CreateRecorder();
    private readonly Recorder _latency = HistogramCodec.CreateRecorder();
    private readonly ConcurrentDictionary<(string Type, int? Status), StrongBox<long>> _errorsByType = new();
    private long _errors;

    // Reporter-side state: only the reporter thread touches these.
    private HistogramBase? _recycledService;
    private HistogramBase? _recycledLatency;
    private long _reportedErrors;

    public string Name { get; } = name;

    public string? StepType { get; } = stepType;

    public LongHistogram TotalService { get; } = HistogramCodec.Create();

    public LongHistogram TotalLatency { get; } = HistogramCodec.Create();

    public long TotalErrors => Volatile.Read(ref _errors);

    /// <summary>Records one execution.</summary>
    /// <param name="serviceMicros">Microseconds from the actual start to the end.</param>
    /// <param name="latencyMicros">Microseconds from the intended start to the end.</param>
    /// <param name="expectedIntervalMicros">The pacing interval of a paced closed model (HdrHistogram back-fills the samples a stall hid), or 0.</param>
    public void Record(long serviceMicros, long latencyMicros, long expectedIntervalMicros)
    {
        _service.RecordValue(Math.Clamp(serviceMicros, HistogramCodec.Lowest, HistogramCodec.Highest));
        var latency = Math.Clamp(latencyMicros, HistogramCodec.Lowest, HistogramCodec.Highest);
        if (expectedIntervalMicros > 0)
        {
            _latency.RecordValueWithExpectedInterval(latency, expectedIntervalMicros);
        }
        else
        {
            _latency.RecordValue(latency);
        }
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
        _recycledService = _recycledService is null ? _service.GetIntervalHistogram() : _service.GetIntervalHistogram(_recycledService);
        _recycledLatency = _recycledLatency is null ? _latency.GetIntervalHistogram() : _latency.GetIntervalHistogram(_recycledLatency);
        TotalService.Add(_recycledService);
        TotalLatency.Add(_recycledLatency);
        intervalService?.Add(_recycledService);
        intervalLatency?.Add(_recycledLatency);
        var errors = TotalErrors;
        var delta = errors - _reportedErrors;
        _reportedErrors = errors;
        return delta;
    }

    public OperationSummary Summarize(TimeSpan duration) => new()
    {
        Name = Name,
        StepType = StepType,
        Count = TotalService.TotalCount,
        Errors = TotalErrors,
        Throughput = duration <= TimeSpan.Zero ? 0 : TotalService.TotalCount / duration.TotalSeconds,
        ServiceTime = HistogramCodec.ToStats(TotalService),
        Latency = HistogramCodec.ToStats(TotalLatency),
    };
}
