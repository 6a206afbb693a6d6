using System.Globalization;
using Cortex.Production.Tuning;
using Cortex.Qdrant.Pooling;
using Cortex.Zai.Optimized;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cortex.Production;

public sealed partial class ProductionOptimizer
{
    private static readonly TimeSpan HighQueueWait = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Suggests settings from the figures observed so far: Qdrant queue waits while CPU is low → more
    /// <c>qdrant:pool:maxConnections</c>; a low Z.AI cache hit rate although prompts repeat → a larger
    /// <c>zai:cache:memoryCacheSize</c>; frequent rate-limit waits → lower <c>zai:rateLimit:maxConcurrentRequests</c>.
    /// Nothing is changed; see <see cref="ApplyTuningAdvice"/>.
    /// </summary>
    /// <returns>The advice, each with the figures that justify it; empty when nothing stands out.</returns>
    public IReadOnlyList<TuningAdvice> GetTuningAdvice()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var advice = new List<TuningAdvice>();
        var cpu = Monitor?.GetSloStatus().Resources?.Cpu;
        if (Pool is { } pool && cpu is { } cpuFraction)
        {
            var stats = pool.GetStatistics();
            var max = pool.MaxConnections;
            if (stats.Queued > 0 && stats.QueueWaitP95 >= HighQueueWait && cpuFraction < 0.5)
            {
                advice.Add(new TuningAdvice(
                    "qdrant", "qdrant:pool:maxConnections", max, Math.Ceiling(max * 1.5),
                    Invariant($"{stats.Queued} requests queued for a connection with a p95 wait of {stats.QueueWaitP95.TotalMilliseconds:0.#} ms while CPU was {cpuFraction * 100:0.#}%: the pool, not the machine, is the bottleneck. The pool takes a new limit while it runs (QdrantPooledClient.SetMaxConnections, validated); a configuration reload replaces it with the configured value."),
                    AppliesAtRuntime: true));
            }
        }

        if (Zai is { } zai)
        {
            var stats = zai.GetStatistics();
            var options = _services.GetRequiredService<IOptionsMonitor<ZaiClientOptions>>().CurrentValue;
            var repeats = stats.DeduplicatedRequests + stats.MemoryCacheHits + stats.RedisCacheHits;
            if (options.Cache.EnableMemoryCache && stats.ChatRequests >= 50 && stats.CacheHitRate < 0.2 && repeats > 0)
            {
                advice.Add(new TuningAdvice(
                    "zai", "zai:cache:memoryCacheSize", options.Cache.MemoryCacheSize, options.Cache.MemoryCacheSize * 2.0,
                    Invariant($"Cache hit rate {stats.CacheHitRate * 100:0.#}% over {stats.ChatRequests} chat requests although {repeats} repeated prompts were seen ({stats.DeduplicatedRequests} deduplicated): entries are evicted before they are reused. The cache is sized at start, so change it in configuration and restart."),
                    AppliesAtRuntime: false));
            }

            if (stats.Requests >= 20 && stats.RateLimitWaits >= stats.Requests / 10)
            {
                var concurrency = options.RateLimit.MaxConcurrentRequests;
                advice.Add(new TuningAdvice(
                    "zai", "zai:rateLimit:maxConcurrentRequests", concurrency, Math.Max(1, concurrency / 2),
                    Invariant($"{stats.RateLimitWaits} of {stats.Requests} requests waited for the rate limiter ({stats.RateLimitRejections} rejected) at {options.RateLimit.RequestsPerMinute} requests/minute: more concurrency only lengthens the queue. The limiter reads this at start, so change it in configuration and restart."),
                    AppliesAtRuntime: false));
            }
        }

        return advice;
    }

    /// <summary>Applies the advice that can change in the running process; the rest must go through configuration and a restart.</summary>
    /// <param name="advice">The advice to apply, usually from <see cref="GetTuningAdvice"/>.</param>
    /// <returns>
    /// How many items were applied. Only <c>qdrant:pool:maxConnections</c> changes at runtime, through
    /// <see cref="QdrantPooledClient.SetMaxConnections"/>, which validates it as the options are validated (a value out of
    /// bounds is not applied); the options object is not changed, and a configuration reload replaces the value with the
    /// configured one. The Z.AI cache and limiter are sized at start, so their advice is not applied here (it says so in
    /// <see cref="TuningAdvice.AppliesAtRuntime"/>).
    /// </returns>
    public int ApplyTuningAdvice(IEnumerable<TuningAdvice> advice)
    {
        ArgumentNullException.ThrowIfNull(advice);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var applied = 0;
        foreach (var item in advice)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(advice));
            if (item.AppliesAtRuntime && Pool is { } pool && string.Equals(item.Setting, "qdrant:pool:maxConnections", StringComparison.Ordinal))
            {
                try
                {
                    pool.SetMaxConnections((int)Math.Clamp(Math.Ceiling(item.SuggestedValue), int.MinValue, int.MaxValue));
                    applied++;
                }
                catch (ArgumentOutOfRangeException)
                {
                    // Outside the bounds the pool's options accept: not applied, and not counted.
                }
            }
        }

        return applied;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
