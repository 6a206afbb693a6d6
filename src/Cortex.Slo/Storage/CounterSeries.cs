using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Cortex.Slo.Storage;

/// <summary>
/// Named cumulative counters (cache hits, misses, dedup joins, ...) kept as per-minute sums for windowed rates.
/// <see cref="Add"/> is lock-free and, once a name has been seen, allocation-free; <see cref="Collect"/>,
/// <see cref="Sum"/> and the snapshot methods serialise on one lock. Memory: 8 bytes a minute of retention, plus 8 bytes
/// a minute for each counter (7 days: 80 KB + 80 KB a counter).
/// </summary>
internal sealed class CounterSeries
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, StrongBox<long>> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> _sums = new(StringComparer.Ordinal);
    private readonly MinuteRing _ring;

    /// <param name="retention">How long the per-minute sums are kept (at least a minute).</param>
    public CounterSeries(TimeSpan retention)
    {
        Retention = retention;
        _ring = new MinuteRing(retention);
    }

    public TimeSpan Retention { get; }

    /// <summary>Gets the bytes the per-minute sums hold.</summary>
    public long EstimatedBytes
    {
        get
        {
            lock (_gate)
            {
                return _ring.EstimatedBytes + ((long)_sums.Count * _ring.Capacity * sizeof(long));
            }
        }
    }

    public void Add(string name, long value) =>
        Interlocked.Add(ref _pending.GetOrAdd(name, static _ => new StrongBox<long>()).Value, value);

    /// <summary>Moves what was added since the last call into the minute containing <paramref name="now"/>.</summary>
    public void Collect(DateTimeOffset now)
    {
        lock (_gate)
        {
            var slot = _ring.Advance(MinuteRing.MinuteOf(now), out var opened);
            if (opened)
            {
                foreach (var sums in _sums.Values)
                {
                    sums[slot] = 0;
                }
            }

            foreach (var (name, pending) in _pending)
            {
                var value = Interlocked.Exchange(ref pending.Value, 0);
                if (value != 0)
                {
                    SumsOf(name)[slot] += value;
                }
            }
        }
    }

    /// <summary>The sum of <paramref name="name"/> over the minutes overlapping (now - window, now]; 0 for a name never added to.</summary>
    public long Sum(string name, TimeSpan window, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_sums.TryGetValue(name, out var sums))
            {
                return 0;
            }

            long total = 0;
            var (first, last) = _ring.Range(window, now);
            for (var minute = first; minute <= last; minute++)
            {
                var slot = _ring.SlotOf(minute);
                if (slot >= 0)
                {
                    total += sums[slot];
                }
            }

            return total;
        }
    }

    public CounterSnapshot ToSnapshot()
    {
        lock (_gate)
        {
            var minutes = _ring.Kept();
            var sums = _sums.ToDictionary(
                pair => pair.Key,
                pair => minutes.Select(minute => pair.Value[_ring.SlotOf(minute)]).ToArray(),
                StringComparer.Ordinal);
            return new CounterSnapshot([.. minutes], sums);
        }
    }

    /// <summary>Throws <see cref="InvalidDataException"/> when the snapshot does not have one sum a minute for every counter.</summary>
    public static void Validate(CounterSnapshot snapshot)
    {
        if (snapshot.Minutes is null || snapshot.Sums is null || snapshot.Sums.Any(pair => pair.Key is null || pair.Value?.Length != snapshot.Minutes.Length))
        {
            throw new InvalidDataException("The counters do not have one sum per minute.");
        }
    }

    /// <summary>Restores a validated snapshot into these counters, which should be freshly constructed.</summary>
    public void Restore(CounterSnapshot snapshot)
    {
        if (snapshot.Minutes.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            var newest = snapshot.Minutes.Max();
            for (var i = 0; i < snapshot.Minutes.Length; i++)
            {
                if (snapshot.Minutes[i] <= newest - _ring.Capacity)
                {
                    continue;
                }

                var slot = _ring.Restore(snapshot.Minutes[i]);
                foreach (var (name, sums) in snapshot.Sums)
                {
                    SumsOf(name)[slot] = sums[i];
                }
            }

            _ring.Expire();
        }
    }

    private long[] SumsOf(string name)
    {
        if (!_sums.TryGetValue(name, out var sums))
        {
            sums = new long[_ring.Capacity];
            _sums.Add(name, sums);
        }

        return sums;
    }
}
