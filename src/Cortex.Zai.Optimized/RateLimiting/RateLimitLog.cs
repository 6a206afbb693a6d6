using Microsoft.Extensions.Logging;

namespace Cortex.Zai.Optimized.RateLimiting;

/// <summary>The rate limiter's log messages; none carries the API key or a Redis connection string.</summary>
internal static partial class RateLimitLog
{
    [LoggerMessage(301, LogLevel.Warning, "Redis did not answer the Z.AI rate limiter ({Reason}); this instance now uses its share of the request budget, {RequestsPerMinute} per minute with a burst of {BurstCapacity}, and tries Redis again every {RetryInterval}. This warning repeats at most once a minute.")]
    public static partial void RedisUnavailable(ILogger logger, string reason, int requestsPerMinute, int burstCapacity, TimeSpan retryInterval, Exception? exception);

    [LoggerMessage(302, LogLevel.Information, "Redis answers the Z.AI rate limiter again; the request budget is shared by all instances again")]
    public static partial void RedisBack(ILogger logger);
}
