namespace Cortex.Zai.Optimized;

/// <summary>
/// Single-flight for identical requests: they share one upstream call. Streamed requests share with streamed ones and
/// non-streamed with non-streamed; a streamed and a non-streamed identical request make two calls (they share the cache).
/// </summary>
public sealed class ZaiDeduplicationOptions
{
    /// <summary>Gets or sets a value indicating whether identical requests in flight share one upstream call.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EnableDeduplication { get; set; } = true;

    /// <summary>
    /// Gets or sets how long a finished answer stays joinable by an identical request, even when no cache tier stores it.
    /// Only requests that may reuse an earlier answer (deterministic ones, or all with
    /// <see cref="ZaiCacheOptions.CacheNonDeterministicRequests"/>, or <see cref="Models.ZaiCacheMode.Force"/> and
    /// <see cref="Models.ZaiCacheMode.NoStore"/>) join a finished call; a sampling request joins only a call still running.
    /// </summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromSeconds(5);
}
