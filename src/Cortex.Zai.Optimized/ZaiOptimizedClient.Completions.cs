using Cortex.Zai.Optimized.Caching;
using Cortex.Zai.Optimized.Internal;
using Cortex.Zai.Optimized.Models;

namespace Cortex.Zai.Optimized;

public sealed partial class ZaiOptimizedClient
{
    /// <summary>
    /// Gets a chat completion, from the cache when the request is cacheable and cached, from an identical request in
    /// flight when there is one, else from Z.AI (within the rate limits, with retries).
    /// </summary>
    /// <param name="request">The request; it is not modified.</param>
    /// <param name="cancellationToken">Stops this caller waiting; a call shared with identical requests goes on for them.</param>
    /// <returns>The completion; <see cref="ZaiCompletion.Source"/> says where it came from.</returns>
    /// <exception cref="ZaiApiException">Z.AI refused the request (after retries when transient); <see cref="ZaiApiException.BusinessCode"/> says why.</exception>
    /// <exception cref="ZaiRateLimitExceededException">No rate-limit permit within <see cref="ZaiRateLimitOptions.MaxQueueWait"/>.</exception>
    public Task<ZaiCompletion> GenerateCompletionAsync(ZaiCompletionRequest request, CancellationToken cancellationToken = default) =>
        GenerateCoreAsync(request, cancellationToken).AsTask();

    // A ValueTask core, so a cache hit through GetResponseAsync allocates no Task of its own.
    private async ValueTask<ZaiCompletion> GenerateCoreAsync(ZaiCompletionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref _requests);
        var started = _time.GetTimestamp();
        var model = request.Model ?? _options.Model;
        var activity = ZaiTracing.Start("chat", model, _server, request);
        ZaiCompletion? answer = null;
        string? error = null;
        try
        {
            var (read, write) = _cache.IsEnabled ? ZaiCacheability.Decide(request, _options.Cache) : (false, false);
            var key = read || write || _options.Deduplication.EnableDeduplication
                ? ZaiCacheKey.Compute(request, model, _options.BaseUrl, _fingerprint)
                : null;
            if (read)
            {
                var (hit, tier) = await _cache.TryGetAsync(key!, cancellationToken).ConfigureAwait(false);
                if (hit is not null)
                {
                    CountHit(tier);

                    // Cached answers are read-only, so they are handed out as they are; entries this client stored carry
                    // Source = MemoryCache already.
                    return answer = hit.Source == tier && request.RequestId is null ? hit : WithSource(hit, tier, request.RequestId);
                }

                Interlocked.Increment(ref _misses);
                _metrics.CacheMiss();
            }

            var upstream = Prepare(request, model, stream: false);
            if (!_options.Deduplication.EnableDeduplication)
            {
                return answer = WithSource(await FetchAsync(upstream, key, write, request.CacheTtl, cancellationToken).ConfigureAwait(false), ZaiResponseSource.Upstream);
            }

            var (completion, joined) = await FetchSharedAsync(upstream, key!, write, request.CacheTtl, ZaiCacheability.MayReuseAnswers(request, _options.Cache), cancellationToken).ConfigureAwait(false);
            if (joined)
            {
                Interlocked.Increment(ref _joins);
                _metrics.DedupJoin();
            }

            return answer = WithSource(completion, joined ? ZaiResponseSource.Deduplicated : ZaiResponseSource.Upstream);
        }
        catch (Exception ex)
        {
            error = ZaiErrorTypes.Of(ex);
            throw;
        }
        finally
        {
            var elapsed = _time.GetElapsedTime(started);
            _latency.Record(elapsed);
            _metrics.Operation("chat", model, answer?.Model, elapsed, error);
            if (activity is not null)
            {
                ZaiTracing.Stop(activity, answer, error);
            }
        }
    }

    // A method of its own, so the closure below is allocated only when a call is made, never on a cache hit.
    private Task<(ZaiCompletion Value, bool Joined)> FetchSharedAsync(ZaiCompletionRequest upstream, string key, bool write, TimeSpan? ttl, bool mayReuse, CancellationToken cancellationToken) =>
        _flights.RunAsync(key, token => FetchAsync(upstream, key, write, ttl, token), mayReuse, cancellationToken);

    private async Task<ZaiCompletion> FetchAsync(ZaiCompletionRequest request, string? key, bool write, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        ZaiCompletion completion;
        try
        {
            completion = await FetchThroughPipelineAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            CountPipelineError(ex);
            throw;
        }

        CountUsage("chat", request.Model!, completion.Model, completion.Usage);
        if (write && key is not null && ZaiCacheability.IsCacheable(completion))
        {
            Store(key, completion, ttl);
        }

        return completion;
    }

    private async Task<ZaiCompletion> FetchThroughPipelineAsync(ZaiCompletionRequest request, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(
            static async (state, token) =>
            {
                var (self, req) = state;
                using var lease = await self._limiter.AcquireAsync(req.Model!, token).ConfigureAwait(false);
                Interlocked.Increment(ref self._upstream);
                try
                {
                    return await self._transport.CompleteAsync(req, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    self.CountError(ex);
                    throw;
                }
            },
            (this, request),
            cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// A copy for the wire: the model filled in and <c>stream</c> set, so the caller's object is never changed, and a
    /// message list of its own, so a caller who reuses its request (the <c>IChatClient</c> path does) or its list
    /// cannot change a call that is still running.
    /// </summary>
    private static ZaiCompletionRequest Prepare(ZaiCompletionRequest request, string model, bool stream) => new()
    {
        Model = model,
        Messages = new List<ZaiChatMessage>(request.Messages),
        Temperature = request.Temperature,
        TopP = request.TopP,
        MaxTokens = request.MaxTokens,
        Stop = request.Stop,
        DoSample = request.DoSample,
        Thinking = request.Thinking,
        Tools = request.Tools,
        ToolChoice = request.ToolChoice,
        ResponseFormat = request.ResponseFormat,
        RequestId = request.RequestId,
        UserId = request.UserId,
        Stream = stream ? true : null,
    };

    /// <summary>
    /// A completion carrying this caller's source (and, for a cache hit, its own request id rather than the one of the
    /// request that filled the cache). It shares the choices and usage, which are read-only, so no caller can change
    /// what another one sees; and it is read-only itself.
    /// </summary>
    private static ZaiCompletion WithSource(ZaiCompletion completion, ZaiResponseSource source, string? requestId = null)
    {
        var copy = new ZaiCompletion
        {
            Id = completion.Id,
            RequestId = source is ZaiResponseSource.MemoryCache or ZaiResponseSource.RedisCache ? requestId : completion.RequestId,
            Created = completion.Created,
            Model = completion.Model,
            Choices = completion.Choices,
            Usage = completion.Usage,
            Source = source,
        };
        copy.MakeReadOnly();
        return copy;
    }

    /// <summary>Stores a copy marked as a memory-cache answer, so memory hits need no per-caller copy; Redis gets it in the background.</summary>
    private void Store(string key, ZaiCompletion completion, TimeSpan? ttl) =>
        _cache.SetInBackground(key, WithSource(completion, ZaiResponseSource.MemoryCache), ttl ?? _options.Cache.DefaultTtl);

    private void CountHit(ZaiResponseSource tier)
    {
        if (tier == ZaiResponseSource.RedisCache)
        {
            Interlocked.Increment(ref _redisHits);
            _metrics.CacheHit("redis");
        }
        else
        {
            Interlocked.Increment(ref _memoryHits);
            _metrics.CacheHit("memory");
        }
    }
}
