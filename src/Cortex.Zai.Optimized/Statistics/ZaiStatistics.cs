namespace Cortex.Zai.Optimized.Statistics;

/// <summary>The client's figures since it was created; the same numbers its metrics report.</summary>
public sealed record ZaiStatistics
{
    /// <summary>Gets the requests made by callers, chat and embeddings (logical requests, whatever answered them): <see cref="ChatRequests"/> plus <see cref="EmbeddingRequests"/>.</summary>
    public long Requests { get; init; }

    /// <summary>Gets the chat requests made by callers (streaming included).</summary>
    public long ChatRequests { get; init; }

    /// <summary>Gets the embedding requests made by callers (one per call, whatever the number of texts).</summary>
    public long EmbeddingRequests { get; init; }

    /// <summary>Gets the calls sent to Z.AI for <see cref="Requests"/> (chat and embeddings, retries included).</summary>
    public long UpstreamCalls { get; init; }

    /// <summary>Gets the requests answered from memory.</summary>
    public long MemoryCacheHits { get; init; }

    /// <summary>Gets the requests answered from Redis.</summary>
    public long RedisCacheHits { get; init; }

    /// <summary>Gets the cacheable requests the cache could not answer.</summary>
    public long CacheMisses { get; init; }

    /// <summary>Gets the share of cache lookups that hit, from 0 to 1.</summary>
    public double CacheHitRate { get; init; }

    /// <summary>Gets the Redis operations that failed (the request carried on without Redis).</summary>
    public long RedisErrors { get; init; }

    /// <summary>Gets the requests that joined an identical request's call.</summary>
    public long DeduplicatedRequests { get; init; }

    /// <summary>Gets the share of chat requests that joined another's call, from 0 to 1.</summary>
    public double DeduplicationRate { get; init; }

    /// <summary>Gets the requests that waited for a rate-limit permit.</summary>
    public long RateLimitWaits { get; init; }

    /// <summary>Gets the requests refused by the rate limiter.</summary>
    public long RateLimitRejections { get; init; }

    /// <summary>Gets the retries made.</summary>
    public long Retries { get; init; }

    /// <summary>Gets the failed calls by Z.AI business code (or <c>http_NNN</c>, <c>timeout</c>, <c>connection</c>).</summary>
    public IReadOnlyDictionary<string, long> ErrorsByCode { get; init; } = new Dictionary<string, long>();

    /// <summary>Gets the prompt tokens billed (upstream calls only; cache hits and joins cost nothing).</summary>
    public long PromptTokens { get; init; }

    /// <summary>Gets the prompt tokens Z.AI served from its context cache.</summary>
    public long CachedPromptTokens { get; init; }

    /// <summary>Gets the completion tokens billed.</summary>
    public long CompletionTokens { get; init; }

    /// <summary>Gets the estimated cost in USD of the upstream calls, from <see cref="ZaiClientOptions.Prices"/>.</summary>
    public decimal EstimatedCostUsd { get; init; }

    /// <summary>Gets the coalesced embedding calls sent.</summary>
    public long EmbeddingBatches { get; init; }

    /// <summary>Gets the texts embedded through coalesced calls.</summary>
    public long EmbeddedTexts { get; init; }

    /// <summary>Gets the median chat request duration (whatever answered it).</summary>
    public TimeSpan P50 { get; init; }

    /// <summary>Gets the 95th percentile chat request duration.</summary>
    public TimeSpan P95 { get; init; }

    /// <summary>Gets the 99th percentile chat request duration.</summary>
    public TimeSpan P99 { get; init; }
}
