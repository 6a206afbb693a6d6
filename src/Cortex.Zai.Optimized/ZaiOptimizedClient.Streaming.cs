using System.Runtime.CompilerServices;
using Cortex.Zai.Optimized.Caching;
using Cortex.Zai.Optimized.Deduplication;
using Cortex.Zai.Optimized.Internal;
using Cortex.Zai.Optimized.Models;
using Cortex.Zai.Optimized.RateLimiting;

namespace Cortex.Zai.Optimized;

public sealed partial class ZaiOptimizedClient
{
    /// <summary>
    /// Streams a chat completion as Z.AI's chunks. A cached answer is replayed as a stream (reasoning and tool calls
    /// included); an identical stream in flight is shared; a fresh stream is cached once it ends with <c>[DONE]</c> and a
    /// normal finish. A stream that breaks throws <see cref="ZaiStreamInterruptedException"/> after the chunks received.
    /// </summary>
    /// <param name="request">The request; it is not modified.</param>
    /// <param name="cancellationToken">Stops this reader; a stream shared with identical requests goes on for them.</param>
    /// <returns>The chunks, in order.</returns>
    public async IAsyncEnumerable<ZaiCompletionChunk> StreamCompletionAsync(ZaiCompletionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref _requests);
        var started = _time.GetTimestamp();
        var model = request.Model ?? _options.Model;
        var activity = ZaiTracing.Start("chat", model, _server, request);
        try
        {
            var (read, write) = _cache.IsEnabled ? ZaiCacheability.Decide(request, _options.Cache) : (false, false);
            var key = ZaiCacheKey.Compute(request, model, _options.BaseUrl, _fingerprint);
            if (read)
            {
                var (hit, tier) = await _cache.TryGetAsync(key, cancellationToken).ConfigureAwait(false);
                if (hit is not null)
                {
                    CountHit(tier);
                    foreach (var chunk in ZaiStreamAssembler.Replay(hit))
                    {
                        yield return chunk;
                    }

                    if (activity is not null)
                    {
                        ZaiTracing.Answered(activity, tier, hit.Id, hit.Model, null);
                    }

                    Finish(activity, started, model, hit.Model, null);
                    yield break;
                }

                Interlocked.Increment(ref _misses);
                _metrics.CacheMiss();
            }

            var reuseWindow = ZaiCacheability.MayReuseAnswers(request, _options.Cache) ? _options.Deduplication.DeduplicationWindow : TimeSpan.Zero;
            var recording = JoinOrStart(key, Prepare(request, model, stream: true), write, request.CacheTtl, reuseWindow, out var joined);
            if (joined)
            {
                Interlocked.Increment(ref _joins);
                _metrics.DedupJoin();
            }

            string? id = null;
            string? responseModel = null;
            ZaiUsage? usage = null;
            await using var chunks = recording.ReadAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                ZaiCompletionChunk chunk;
                try
                {
                    if (!await chunks.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    chunk = chunks.Current;
                }
                catch (Exception ex)
                {
                    Finish(activity, started, model, responseModel, ZaiErrorTypes.Of(ex));
                    throw;
                }

                id ??= chunk.Id;
                responseModel ??= chunk.Model;
                usage = chunk.Usage ?? usage;
                yield return chunk;
            }

            if (activity is not null)
            {
                ZaiTracing.Answered(activity, joined ? ZaiResponseSource.Deduplicated : ZaiResponseSource.Upstream, id, responseModel, usage);
            }

            Finish(activity, started, model, responseModel, null);
        }
        finally
        {
            // A reader that stops early ends the span here; a finished one was ended above (a second stop does nothing).
            activity?.Dispose();
        }
    }

    private void Finish(System.Diagnostics.Activity? activity, long started, string model, string? responseModel, string? error)
    {
        var elapsed = _time.GetElapsedTime(started);
        _latency.Record(elapsed);
        _metrics.Operation("chat", model, responseModel, elapsed, error);
        if (activity is not null)
        {
            ZaiTracing.Stop(activity, error);
        }
    }

    private StreamRecording JoinOrStart(string key, ZaiCompletionRequest upstream, bool write, TimeSpan? ttl, TimeSpan reuseWindow, out bool joined)
    {
        while (true)
        {
            if (_options.Deduplication.EnableDeduplication && _streams.TryGetValue(key, out var existing))
            {
                if (existing.TryJoin(_time))
                {
                    joined = true;
                    return existing;
                }

                _streams.TryRemove(new KeyValuePair<string, StreamRecording>(key, existing));
                continue;
            }

            var recording = new StreamRecording(reuseWindow);
            if (_options.Deduplication.EnableDeduplication && !_streams.TryAdd(key, recording))
            {
                continue;
            }

            _ = Task.Run(() => ProduceAsync(key, recording, upstream, write, ttl));
            joined = false;
            return recording;
        }
    }

    private async Task ProduceAsync(string key, StreamRecording recording, ZaiCompletionRequest request, bool write, TimeSpan? ttl)
    {
        var received = new List<ZaiCompletionChunk>();
        ZaiRateLimitLease? lease = null;
        try
        {
            // Opening the stream is retried like any call; once chunks flow, a break is reported, not retried.
            var (opened, chunks) = await _pipeline.ExecuteAsync(
                static async (state, token) =>
                {
                    var (self, req) = state;
                    var permit = await self._limiter.AcquireAsync(req.Model!, token).ConfigureAwait(false);
                    Interlocked.Increment(ref self._upstream);
                    try
                    {
                        return (permit, await self._transport.StreamAsync(req, token).ConfigureAwait(false));
                    }
                    catch (Exception ex)
                    {
                        permit.Dispose();
                        if (ex is not OperationCanceledException)
                        {
                            self.CountError(ex);
                        }

                        throw;
                    }
                },
                (this, request),
                recording.Cancellation).ConfigureAwait(false);
            lease = opened;
            await foreach (var chunk in chunks.WithCancellation(recording.Cancellation).ConfigureAwait(false))
            {
                received.Add(chunk);
                recording.Add(chunk);
            }

            var completion = ZaiStreamAssembler.Assemble(received);
            CountUsage("chat", request.Model!, completion.Model, completion.Usage);
            if (write && ZaiCacheability.IsCacheable(completion))
            {
                Store(key, completion, ttl);
            }

            recording.Complete(_time);
            if (recording.ReuseWindow > TimeSpan.Zero)
            {
                ScheduleRemoval(key, recording);
            }
            else
            {
                _streams.TryRemove(new KeyValuePair<string, StreamRecording>(key, recording));
            }
        }
        catch (Exception ex)
        {
            if (ex is ZaiStreamInterruptedException)
            {
                CountError(ex);
            }
            else
            {
                CountPipelineError(ex);
            }

            recording.Fail(ex);
            _streams.TryRemove(new KeyValuePair<string, StreamRecording>(key, recording));
        }
        finally
        {
            lease?.Dispose();
        }
    }

    private void ScheduleRemoval(string key, StreamRecording recording)
    {
        _ = Task.Delay(recording.ReuseWindow, _time).ContinueWith(
            _ => _streams.TryRemove(new KeyValuePair<string, StreamRecording>(key, recording)),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
