using Microsoft.Extensions.Logging;

namespace Cortex.Zai.Optimized.Caching;

/// <summary>The response cache's log messages. Redis is named by nothing that could carry its password.</summary>
internal static partial class CacheLog
{
    [LoggerMessage(201, LogLevel.Warning, "The Redis response cache failed to {Operation}: {Reason}. The request went on without Redis; {Suppressed} more failures since the last warning were not logged")]
    public static partial void RedisFailed(ILogger logger, string operation, string reason, long suppressed, Exception? exception);

    [LoggerMessage(202, LogLevel.Information, "The Redis response cache is reachable again after {Failures} failed operations")]
    public static partial void RedisRecovered(ILogger logger, long failures);
}
