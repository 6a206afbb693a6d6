using Cortex.Zai.Optimized.Models;

namespace Cortex.Zai.Optimized.Caching;

/// <summary>Which requests may use the cache, and which completions may be stored in it.</summary>
internal static class ZaiCacheability
{
    /// <summary>
    /// Gets whether <paramref name="completion"/> is a whole answer worth serving again: every choice finished with
    /// <c>stop</c> or <c>tool_calls</c>. A filtered (<c>sensitive</c>), failed (<c>network_error</c>), truncated
    /// (<c>length</c>) or cut (no finish reason) answer, or one without choices, is not.
    /// </summary>
    /// <param name="completion">The completion.</param>
    /// <returns><see langword="true"/> when it may be cached.</returns>
    public static bool IsCacheable(ZaiCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var choices = completion.Choices;
        if (choices is null || choices.Count == 0)
        {
            return false;
        }

        for (var i = 0; i < choices.Count; i++)
        {
            if (choices[i]?.FinishReason is not ("stop" or "tool_calls"))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Decides whether <paramref name="request"/> reads and whether it writes the cache. An explicit
    /// <see cref="ZaiCacheMode"/> is honoured as asked; <see cref="ZaiCacheMode.Default"/> uses the cache only for a
    /// deterministic request (<c>do_sample: false</c> or temperature 0), unless
    /// <see cref="ZaiCacheOptions.CacheNonDeterministicRequests"/> is set. With both tiers off, nothing is read or written.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="options">The cache options.</param>
    /// <returns>Whether to read and whether to write.</returns>
    public static (bool Read, bool Write) Decide(ZaiCompletionRequest request, ZaiCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.EnableMemoryCache && !options.EnableRedisCache)
        {
            return (false, false);
        }

        var read = MayReuseAnswers(request, options);
        var write = request.CacheMode switch
        {
            ZaiCacheMode.Bypass or ZaiCacheMode.NoStore => false,
            ZaiCacheMode.NoCache or ZaiCacheMode.Force => true,
            _ => read,
        };
        return (read, write);
    }

    /// <summary>
    /// Gets whether <paramref name="request"/> may be answered with an answer made for an identical earlier request: from
    /// the cache, or from a finished call within the dedup window. The same rule as reading the cache, whether or not a
    /// cache tier is on: a sampling request gets its own answer unless the user asked otherwise.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="options">The cache options.</param>
    /// <returns><see langword="true"/> when an earlier answer may be reused.</returns>
    public static bool MayReuseAnswers(ZaiCompletionRequest request, ZaiCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        return request.CacheMode switch
        {
            ZaiCacheMode.Bypass or ZaiCacheMode.NoCache => false,
            ZaiCacheMode.NoStore or ZaiCacheMode.Force => true,
            _ => IsDeterministic(request) || options.CacheNonDeterministicRequests,
        };
    }

    private static bool IsDeterministic(ZaiCompletionRequest request) =>
        request.DoSample == false || request.Temperature == 0;
}
