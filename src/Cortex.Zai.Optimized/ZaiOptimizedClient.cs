using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Cortex.Internal;
using Cortex.Zai.Optimized.Batching;
using Cortex.Zai.Optimized.Caching;
using Cortex.Zai.Optimized.Deduplication;
using Cortex.Zai.Optimized.Http;
using Cortex.Zai.Optimized.Internal;
using Cortex.Zai.Optimized.Models;
using Cortex.Zai.Optimized.RateLimiting;
using Cortex.Zai.Optimized.Statistics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using StackExchange.Redis;

namespace Cortex.Zai.Optimized;

/// <summary>
/// A Z.AI (GLM) client for chat and embeddings that is an <see cref="IChatClient"/> and an
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, so it drops into any Microsoft.Extensions.AI pipeline.
/// Every request passes, outermost first: telemetry; the two-tier cache (memory, then Redis); deduplication
/// (identical requests share one call); embedding batching; the rate limiter (requests in flight and per minute, waiting
/// in a bounded queue); retries with backoff and a circuit breaker; HTTP with compression and a long per-attempt timeout.
/// </summary>
public sealed partial class ZaiOptimizedClient : IChatClient, IEmbeddingGenerator<string, Embedding<float>>, IAsyncDisposable
{
    private readonly ZaiClientOptions _options;
    private readonly ZaiTransport _transport;
    private readonly ResiliencePipeline _pipeline;
    private readonly ZaiResponseCache _cache;
    private readonly ZaiRateLimiter _limiter;
    private readonly SingleFlight<ZaiCompletion> _flights;
    private readonly ConcurrentDictionary<string, StreamRecording> _streams = new(StringComparer.Ordinal);
    private readonly EmbeddingBatcher _batcher;
    private readonly ZaiMetrics _metrics;
    private readonly ZaiServer _server;
    private readonly LatencyRecorder _latency = new();
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RedisConnection? _redis;
    private readonly string _fingerprint;
    private readonly ChatClientMetadata _chatMetadata;
    private readonly EmbeddingGeneratorMetadata _embeddingMetadata;
    private long _requests;
    private long _embeddingRequests;
    private long _upstream;
    private long _memoryHits;
    private long _redisHits;
    private long _misses;
    private long _joins;
    private long _retries;
    private long _promptTokens;
    private long _cachedTokens;
    private long _completionTokens;
    private long _costMicroDollars;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="ZaiOptimizedClient"/> class.</summary>
    /// <param name="httpClient">The HTTP client (from <c>IHttpClientFactory</c> in a host); its own timeout should be infinite, the client applies <see cref="ZaiPerformanceOptions.RequestTimeout"/>.</param>
    /// <param name="options">The options; checked here.</param>
    /// <param name="redis">The Redis connection for the L2 cache and the shared rate limit; when <see langword="null"/> and Redis is enabled, one is opened in the background from <see cref="ZaiCacheOptions.RedisConnectionString"/> (the constructor never waits for Redis; until it answers, the cache is memory-only and the limit local).</param>
    /// <param name="loggerFactory">Where warnings go (a Redis outage, at most once a minute); none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for TTLs, windows, limits and backoff; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="meterFactory">Creates the <c>Cortex.Zai.Optimized</c> meter; a standalone meter when <see langword="null"/>.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">An option is invalid; the message names it and its value.</exception>
    public ZaiOptimizedClient(
        HttpClient httpClient,
        ZaiClientOptions options,
        IConnectionMultiplexer? redis = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        ZaiClientOptionsValidator.ThrowIfInvalid(options);
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        var logs = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = logs.CreateLogger<ZaiOptimizedClient>();
        _fingerprint = ZaiCacheKey.Fingerprint(options.ApiKey);
        var needsRedis = options.Cache.EnableRedisCache || options.RateLimit.EnableDistributed;
        if (needsRedis && redis is not null)
        {
            _redis = RedisConnection.Of(redis, options.Cache.RedisOperationTimeout);
        }
        else if (needsRedis && !string.IsNullOrEmpty(options.Cache.RedisConnectionString))
        {
            // Opened in the background: until it is connected the cache is memory-only and the limit local.
            _redis = RedisConnection.Open(options.Cache.RedisConnectionString, options.Cache.RedisOperationTimeout, _logger);
        }

        _transport = new ZaiTransport(httpClient, options, _time);
        _pipeline = ZaiResilience.Build(options, _time, OnRetry);
        _cache = new ZaiResponseCache(options.Cache, options.Cache.EnableRedisCache ? _redis : null, _time, logs.CreateLogger<ZaiResponseCache>());
        _limiter = new ZaiRateLimiter(options.RateLimit, options.RateLimit.EnableDistributed ? _redis : null, options.Cache.RedisKeyPrefix + "rl:" + _fingerprint, _time, logs.CreateLogger<ZaiRateLimiter>());
        _flights = new SingleFlight<ZaiCompletion>(_time, options.Deduplication.DeduplicationWindow);
        _batcher = new EmbeddingBatcher(SendEmbeddingsAsync, options.Performance.MaxBatchSize, options.Performance.BatchTimeout, _time);
        var baseUri = new Uri(options.BaseUrl);
        _server = new ZaiServer(baseUri);
        _metrics = new ZaiMetrics(meterFactory, _server, () =>
        {
            var s = _limiter.GetStatistics();
            return (s.Waited, s.Rejected);
        });
        _chatMetadata = new ChatClientMetadata("zai", baseUri, options.Model);
        _embeddingMetadata = new EmbeddingGeneratorMetadata("zai", baseUri, options.EmbeddingModel);
    }

    /// <summary>Gets the client's figures: cache hits by tier, deduplication, limits, retries, errors by code, tokens, cost and latency percentiles.</summary>
    /// <returns>A snapshot.</returns>
    public ZaiStatistics GetStatistics()
    {
        var cache = _cache.GetStatistics();
        var limiter = _limiter.GetStatistics();
        var latency = _latency.Snapshot();
        var requests = Volatile.Read(ref _requests);
        var embeddingRequests = Volatile.Read(ref _embeddingRequests);
        var memoryHits = Volatile.Read(ref _memoryHits);
        var redisHits = Volatile.Read(ref _redisHits);
        var misses = Volatile.Read(ref _misses);
        var lookups = memoryHits + redisHits + misses;
        var joins = Volatile.Read(ref _joins);
        return new ZaiStatistics
        {
            Requests = requests + embeddingRequests,
            ChatRequests = requests,
            EmbeddingRequests = embeddingRequests,
            UpstreamCalls = Volatile.Read(ref _upstream),
            MemoryCacheHits = memoryHits,
            RedisCacheHits = redisHits,
            CacheMisses = misses,
            CacheHitRate = lookups == 0 ? 0 : (double)(memoryHits + redisHits) / lookups,
            RedisErrors = cache.RedisErrors,
            DeduplicatedRequests = joins,
            DeduplicationRate = requests == 0 ? 0 : (double)joins / requests,
            RateLimitWaits = limiter.Waited,
            RateLimitRejections = limiter.Rejected,
            Retries = Volatile.Read(ref _retries),
            ErrorsByCode = new Dictionary<string, long>(_errors),
            PromptTokens = Volatile.Read(ref _promptTokens),
            CachedPromptTokens = Volatile.Read(ref _cachedTokens),
            CompletionTokens = Volatile.Read(ref _completionTokens),
            EstimatedCostUsd = Volatile.Read(ref _costMicroDollars) / 1_000_000m,
            EmbeddingBatches = _batcher.Batches,
            EmbeddedTexts = _batcher.Texts,
            P50 = latency.P50,
            P95 = latency.P95,
            P99 = latency.P99,
        };
    }

    /// <summary>For an orderly hand-over and for tests: waits until the first Redis connect attempt is over and the answers given so far are written to Redis, at most <paramref name="timeout"/>.</summary>
    /// <param name="timeout">The longest wait for the writes.</param>
    /// <returns><see langword="true"/> when every write had finished.</returns>
    internal async Task<bool> SettleRedisAsync(TimeSpan timeout)
    {
        if (_redis is not null)
        {
            await _redis.FirstConnectAttempt.WaitAsync(timeout).ConfigureAwait(false);
        }

        return await _cache.WhenWritesCompleteAsync(timeout).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _chatMetadata
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _embeddingMetadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Releases the cache, the limiter, the meter and a Redis connection the client opened itself. Prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Releases the cache, the limiter (requests still waiting for a permit fail), the meter and a Redis connection the client opened itself.</summary>
    /// <returns>A task that completes when everything is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _cache.Dispose();
        await _limiter.DisposeAsync().ConfigureAwait(false);
        _metrics.Dispose();
        if (_redis is { IsOwned: true })
        {
            // Answers already given wait for their Redis writes a little, so an orderly shutdown keeps them for the fleet.
            await _cache.WhenWritesCompleteAsync(_options.Cache.RedisOperationTimeout).ConfigureAwait(false);
            await _redis.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The key of <see cref="ZaiStatistics.ErrorsByCode"/>: Z.AI's own business code when the body had one, so the
    /// statistics keep the detail; metrics and spans use the fixed set of <see cref="ZaiErrorTypes"/> instead.
    /// </summary>
    private static string ErrorCode(Exception exception) => exception switch
    {
        ZaiApiException { BusinessCode: { Length: > 0 } code } => code,
        ZaiApiException api => "http_" + ((int)api.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => ZaiErrorTypes.Of(exception),
    };

    private void OnRetry(Exception? exception, TimeSpan delay)
    {
        Interlocked.Increment(ref _retries);
        _metrics.Retry(exception is null ? "_OTHER" : ZaiErrorTypes.Of(exception));
    }

    /// <summary>Counts failures the pipeline itself produced (open circuit, timeout); attempt failures are counted where they happen.</summary>
    private void CountPipelineError(Exception exception)
    {
        if (exception is Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException)
        {
            CountError(exception);
        }
    }

    private void CountError(Exception exception)
    {
        _errors.AddOrUpdate(ErrorCode(exception), 1, static (_, n) => n + 1);
        _metrics.Error(ZaiErrorTypes.Of(exception));
    }

    private void CountUsage(string operation, string model, string? responseModel, ZaiUsage? usage)
    {
        if (usage is null)
        {
            return;
        }

        var cached = usage.PromptTokensDetails?.CachedTokens ?? 0;
        Interlocked.Add(ref _promptTokens, usage.PromptTokens);
        Interlocked.Add(ref _cachedTokens, cached);
        Interlocked.Add(ref _completionTokens, usage.CompletionTokens);
        var cost = 0m;
        if (_options.Prices.TryGetValue(model, out var price))
        {
            cost = ((usage.PromptTokens - cached) * price.InputPerMillion + cached * price.CachedInputPerMillion + usage.CompletionTokens * price.OutputPerMillion) / 1_000_000m;
            Interlocked.Add(ref _costMicroDollars, (long)(cost * 1_000_000m));
        }

        _metrics.Tokens(operation, model, responseModel, usage.PromptTokens, usage.CompletionTokens, (double)cost);
    }
}
