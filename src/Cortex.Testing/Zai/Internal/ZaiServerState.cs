using System.Globalization;

namespace Cortex.Testing.Zai.Internal;

/// <summary>Everything a running server's endpoints share, in one place so the public type stays a thin handle.</summary>
internal sealed class ZaiServerState(ZaiTestServerOptions options, CancellationToken stopping)
{
    private int _inFlight;
    private long _sequence;

    public ZaiTestServerOptions Options { get; } = options;

    public ZaiFaults Faults { get; } = new();

    public ZaiRequestLog Log { get; } = new(options.RequestLogCapacity);

    public PromptCache PromptCache { get; } = new();

    /// <summary>Signalled when the server stops, so requests held by latency faults end instead of delaying shutdown.</summary>
    public CancellationToken Stopping { get; } = stopping;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Admits a request unless that would exceed <see cref="ZaiFaults.ConcurrencyLimit"/>; pair with <see cref="Exit"/>.</summary>
    public bool TryEnter()
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        if (Faults.ConcurrencyLimit is { } limit && inFlight > limit)
        {
            Interlocked.Decrement(ref _inFlight);
            return false;
        }

        return true;
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);

    /// <summary>A Z.AI-shaped id (a timestamp, then unique digits) that also sorts in the order responses were made.</summary>
    public string NextResponseId(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)
        + Interlocked.Increment(ref _sequence).ToString("x12", CultureInfo.InvariantCulture);
}
