namespace Cortex.Qdrant.Pooling.Internal;

/// <summary>
/// The delay before retry <c>n</c> (0-based): <c>RetryDelay × BackoffMultiplier^n</c>, jittered by ±20% so that callers
/// that failed together do not retry together, and kept between <c>RetryDelay</c> and <c>MaxRetryDelay</c>.
/// Polly's built-in exponential backoff has a fixed factor of 2, hence this generator.
/// </summary>
internal static class RetryBackoff
{
    public static TimeSpan Delay(QdrantPoolOptions options, int attempt, double random01)
    {
        if (options.RetryDelay <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var nominal = options.RetryDelay.TotalMilliseconds * Math.Pow(options.BackoffMultiplier, attempt);
        var jittered = nominal * (0.8 + (0.4 * random01));
        var bounded = Math.Clamp(jittered, options.RetryDelay.TotalMilliseconds, options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(bounded);
    }
}
