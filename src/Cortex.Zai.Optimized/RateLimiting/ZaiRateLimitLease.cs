using System.Threading.RateLimiting;

namespace Cortex.Zai.Optimized.RateLimiting;

/// <summary>
/// The right to send one request to Z.AI: holds an in-flight slot of its model until disposed. Dispose it when the
/// response has been read (or the stream has ended); disposing twice is harmless.
/// </summary>
internal sealed class ZaiRateLimitLease : IDisposable
{
    private RateLimitLease? _permit;

    internal ZaiRateLimitLease(RateLimitLease permit) => _permit = permit;

    public void Dispose() => Interlocked.Exchange(ref _permit, null)?.Dispose();
}
