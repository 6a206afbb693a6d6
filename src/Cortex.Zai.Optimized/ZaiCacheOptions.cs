namespace Cortex.Zai.Optimized;

/// <summary>The two-tier response cache: memory (L1) in this process, Redis (L2) shared by every instance.</summary>
public sealed class ZaiCacheOptions
{
    /// <summary>Gets or sets a value indicating whether responses are cached in memory.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EnableMemoryCache { get; set; } = true;

    /// <summary>Gets or sets the most responses kept in memory.</summary>
    /// <value>The default is 1000 entries.</value>
    public int MemoryCacheSize { get; set; } = 1000;

    /// <summary>Gets or sets how long a cached response is served, unless the request says otherwise.</summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan DefaultTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets a value indicating whether responses are also cached in Redis, shared across instances.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool EnableRedisCache { get; set; }

    /// <summary>Gets or sets the StackExchange.Redis connection string of the L2 cache (and of the distributed rate limiter).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? RedisConnectionString { get; set; }

    /// <summary>
    /// Gets or sets how long one Redis command (a cache read or write, a shared rate-limit token) may take before the
    /// request goes on without Redis. A Redis that stops answering then adds at most this to a request, and is skipped
    /// for a few seconds before it is tried again; the cache write of a fresh answer happens in the background.
    /// </summary>
    /// <value>The default is 250 ms; at most 30 s.</value>
    public TimeSpan RedisOperationTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets or sets the prefix of every Redis key this client writes.</summary>
    /// <value>The default is <c>cortex:zai:</c>.</value>
    public string RedisKeyPrefix { get; set; } = "cortex:zai:";

    /// <summary>Gets or sets the serialized size above which an entry is stored gzip-compressed.</summary>
    /// <value>The default is 1024 bytes.</value>
    public int CompressionThreshold { get; set; } = 1024;

    /// <summary>
    /// Gets or sets a value indicating whether non-deterministic requests (sampling on, temperature above 0) are cached
    /// too. Off, only <c>do_sample: false</c> or temperature 0 requests are cached, since others are meant to vary.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool CacheNonDeterministicRequests { get; set; }
}
