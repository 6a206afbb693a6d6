namespace Cortex.Slo.Storage;

/// <summary>STUB (to be implemented): named cumulative counters (cache hits, misses, dedup joins, ...) kept as per-minute sums for windowed rates.</summary>
internal sealed class CounterSeries(TimeSpan retention)
{
    public TimeSpan Retention { get; } = retention;

    public void Add(string name, long value) => throw new NotImplementedException();

    public void Collect(DateTimeOffset now) => throw new NotImplementedException();

    public long Sum(string name, TimeSpan window, DateTimeOffset now) => throw new NotImplementedException();
}
