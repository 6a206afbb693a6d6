namespace Cortex.Zai.Optimized;

/// <summary>
/// Client-side limits that keep requests within Z.AI's: requests in flight (what Z.AI counts, per key and model) and
/// requests per minute (a token bucket). A request over a limit waits, up to <see cref="MaxQueueWait"/>.
/// </summary>
public sealed class ZaiRateLimitOptions
{
    /// <summary>Gets or sets the sustained request rate.</summary>
    /// <value>The default is 100 per minute.</value>
    public int RequestsPerMinute { get; set; } = 100;

    /// <summary>Gets or sets how many requests may go at once after a quiet spell (the bucket's size).</summary>
    /// <value>The default is 20.</value>
    public int BurstCapacity { get; set; } = 20;

    /// <summary>Gets or sets the most requests in flight per model.</summary>
    /// <value>The default is 10.</value>
    public int MaxConcurrentRequests { get; set; } = 10;

    /// <summary>Gets or sets how long a request may wait for a permit before it fails with <see cref="ZaiRateLimitExceededException"/>.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan MaxQueueWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many requests may wait at once; beyond it they fail at once.</summary>
    /// <value>The default is 1000.</value>
    public int MaxQueueLength { get; set; } = 1000;

    /// <summary>
    /// Gets or sets a value indicating whether the request budget is shared with every instance through Redis
    /// (<see cref="ZaiCacheOptions.RedisConnectionString"/>). When Redis is down each instance falls back to
    /// <see cref="RequestsPerMinute"/> ÷ <see cref="InstanceCount"/>.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool EnableDistributed { get; set; }

    /// <summary>
    /// Gets or sets how many instances share the budget: in distributed mode each instance keeps
    /// <see cref="MaxConcurrentRequests"/> ÷ this many requests in flight, and falls back to this share of the rate when Redis is down.
    /// </summary>
    /// <value>The default is 1.</value>
    public int InstanceCount { get; set; } = 1;
}
