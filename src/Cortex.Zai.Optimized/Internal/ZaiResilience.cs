using System.Net.Http;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Cortex.Zai.Optimized.Internal;

/// <summary>
/// Retries with exponential backoff and jitter (honoring <c>Retry-After</c>, in seconds or as an HTTP date), a
/// per-attempt timeout long enough for thinking mode, and a circuit breaker. Transient: business codes 1302/1303/1305,
/// 5xx, 408, a 429 from a gateway or with <c>Retry-After</c>, timeouts, connection failures. Never: 1113, 1301, 1304, 1308, 1309, 121x, 401, or the caller's cancellation.
/// </summary>
internal static class ZaiResilience
{
    public static ResiliencePipeline Build(ZaiClientOptions options, TimeProvider time, Action<Exception?, TimeSpan> onRetry)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.CircuitBreaker.Enabled)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 1.0,
                MinimumThroughput = options.CircuitBreaker.FailureThreshold,
                SamplingDuration = options.CircuitBreaker.SamplingDuration,
                BreakDuration = options.CircuitBreaker.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsServiceFailure(args.Outcome.Exception, args.Context.CancellationToken)),
            });
        }

        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                // A Retry-After is honored, never cut short: one beyond MaxRetryDelay is not retried, and the exception carries it.
                ShouldHandle = args => ValueTask.FromResult(
                    IsTransient(args.Outcome.Exception, args.Context.CancellationToken)
                    && !(args.Outcome.Exception is ZaiApiException { RetryAfter: { } wait } && wait > options.MaxRetryDelay)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is ZaiApiException { RetryAfter: { } after } ? (TimeSpan?)after : null),
                OnRetry = args =>
                {
                    onRetry(args.Outcome.Exception, args.RetryDelay);
                    return default;
                },
            });
        }

        return builder
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.Performance.RequestTimeout })
            .Build();
    }

    public static bool IsTransient(Exception? exception, CancellationToken token) => exception switch
    {
        null => false,
        _ when token.IsCancellationRequested => false,
        ZaiApiException api => api.IsTransient,
        ZaiStreamInterruptedException or HttpRequestException or TimeoutRejectedException or IOException => true,
        _ => false,
    };

    /// <summary>Failures that say the service is unwell (not that the request was wrong): these open the breaker.</summary>
    private static bool IsServiceFailure(Exception? exception, CancellationToken token) => exception switch
    {
        null => false,
        _ when token.IsCancellationRequested => false,
        ZaiApiException api => (int)api.StatusCode >= 500,
        HttpRequestException or TimeoutRejectedException or IOException => true,
        _ => false,
    };
}
