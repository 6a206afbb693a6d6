namespace Cortex.Zai.Optimized;

/// <summary>
/// Options for <c>ZaiOptimizedClient</c>. Bound from the <c>zai</c> configuration section by
/// <c>AddCortexZai(configuration)</c>; <c>ZAI_API_KEY</c>, <c>ZAI_BASE_URL</c> and <c>ZAI_MODEL</c> from the host's
/// configuration win over the section, and options set in code win over both. Checked at start: a wrong value fails naming the field and the value (never the key).
/// </summary>
public sealed class ZaiClientOptions
{
    /// <summary>The public Z.AI API base URL.</summary>
    public const string DefaultBaseUrl = "https://api.z.ai/api/paas/v4";

    /// <summary>Gets or sets the API key, sent as <c>Authorization: Bearer</c>; it never appears in logs, errors, cache keys or statistics.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Gets or sets the API base URL. Coding-plan keys use <c>https://api.z.ai/api/coding/paas/v4</c>; mainland China uses
    /// <c>https://open.bigmodel.cn/api/paas/v4</c>.
    /// </summary>
    /// <value>The default is <see cref="DefaultBaseUrl"/>.</value>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>Gets or sets a value indicating whether a plain <c>http://</c> base URL that is not loopback is allowed (the key would cross the network unencrypted).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool AllowInsecureBaseUrl { get; set; }

    /// <summary>Gets or sets the chat model used when a request names none.</summary>
    /// <value>The default is <c>glm-4.6</c>.</value>
    public string Model { get; set; } = "glm-4.6";

    /// <summary>Gets or sets the embedding model used when a request names none.</summary>
    /// <value>The default is <c>embedding-3</c>.</value>
    public string EmbeddingModel { get; set; } = "embedding-3";

    /// <summary>Gets or sets how many times a transient failure (1302, 1303, 1305, 5xx, a 429 from a gateway or with <c>Retry-After</c>, timeout, connection failure) is retried.</summary>
    /// <value>The default is 3.</value>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// Gets or sets the first retry delay; later ones double, with jitter, up to <see cref="MaxRetryDelay"/>. A
    /// <c>Retry-After</c> header (seconds or an HTTP date) wins; one beyond <see cref="MaxRetryDelay"/> is not retried.
    /// </summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest retry delay; a failure whose <c>Retry-After</c> asks for longer is not retried (the <see cref="ZaiApiException.RetryAfter"/> says how long).</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the cache settings.</summary>
    public ZaiCacheOptions Cache { get; } = new();

    /// <summary>Gets the request deduplication settings.</summary>
    public ZaiDeduplicationOptions Deduplication { get; } = new();

    /// <summary>Gets the rate-limit settings.</summary>
    public ZaiRateLimitOptions RateLimit { get; } = new();

    /// <summary>Gets the batching, compression and timeout settings.</summary>
    public ZaiPerformanceOptions Performance { get; } = new();

    /// <summary>Gets the circuit breaker settings.</summary>
    public ZaiCircuitBreakerOptions CircuitBreaker { get; } = new();

    /// <summary>
    /// Gets the price per million tokens by model, for the estimated cost in statistics and metrics. Models not listed
    /// cost nothing in the estimate.
    /// </summary>
    /// <value>The default lists Z.AI's published prices for <c>glm-4.6</c>, <c>glm-4.5</c>, <c>glm-4.5-air</c> and <c>embedding-3</c> (USD).</value>
    public IDictionary<string, ZaiModelPrice> Prices { get; } = new Dictionary<string, ZaiModelPrice>(StringComparer.OrdinalIgnoreCase)
    {
        ["glm-4.6"] = new() { InputPerMillion = 0.6m, CachedInputPerMillion = 0.11m, OutputPerMillion = 2.2m },
        ["glm-4.5"] = new() { InputPerMillion = 0.6m, CachedInputPerMillion = 0.11m, OutputPerMillion = 2.2m },
        ["glm-4.5-air"] = new() { InputPerMillion = 0.2m, CachedInputPerMillion = 0.03m, OutputPerMillion = 1.1m },
        ["embedding-3"] = new() { InputPerMillion = 0.07m },
    };
}
