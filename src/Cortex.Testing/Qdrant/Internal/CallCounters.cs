using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Cortex.Testing.Qdrant.Internal;

/// <summary>Lock-free per-method call counts that outlive a server's stop and restart.</summary>
internal sealed class CallCounters
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _byMethod = new(StringComparer.Ordinal);
    private long _total;
    private long _inFlight;

    public long Total => Interlocked.Read(ref _total);

    public long InFlight => Interlocked.Read(ref _inFlight);

    public void Enter() => Interlocked.Increment(ref _inFlight);

    public void Exit() => Interlocked.Decrement(ref _inFlight);

    public void Increment(string method)
    {
        Interlocked.Increment(ref _byMethod.GetOrAdd(method, static _ => new StrongBox<long>()).Value);
        Interlocked.Increment(ref _total);
    }

    public long Get(string method) =>
        _byMethod.TryGetValue(method, out var count) ? Interlocked.Read(ref count.Value) : 0;

    public void Reset()
    {
        _byMethod.Clear();
        Interlocked.Exchange(ref _total, 0);
    }
}
