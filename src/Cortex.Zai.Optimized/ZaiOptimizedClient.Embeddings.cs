using Cortex.Abstractions.Telemetry;
using Cortex.Zai.Optimized.Internal;
using Cortex.Zai.Optimized.Models;
using Microsoft.Extensions.AI;

namespace Cortex.Zai.Optimized;

public sealed partial class ZaiOptimizedClient
{
    // Z.AI accepts at most 64 texts per embeddings call.
    private const int MaxEmbeddingInputs = 64;

    /// <summary>
    /// Embeds texts. A single text joins a batch with concurrent callers' texts (one <c>/embeddings</c> call for up to
    /// <see cref="ZaiPerformanceOptions.MaxBatchSize"/> texts); several texts go in calls of at most 64.
    /// </summary>
    /// <param name="values">The texts.</param>
    /// <param name="options">The model (<see cref="ZaiClientOptions.EmbeddingModel"/> by default) and dimensions.</param>
    /// <param name="cancellationToken">Stops this caller waiting.</param>
    /// <returns>One embedding per text, in order.</returns>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values as IReadOnlyList<string> ?? [.. values];
        Interlocked.Increment(ref _embeddingRequests);
        var model = options?.ModelId ?? _options.EmbeddingModel;
        var started = _time.GetTimestamp();
        var activity = ZaiTracing.Start("embeddings", model, _server);
        string? response = null;
        string? error = null;
        try
        {
            var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
            if (texts.Count == 1 && _options.Performance.EnableBatching)
            {
                var vector = await _batcher.EmbedAsync(model, options?.Dimensions, texts[0], cancellationToken).ConfigureAwait(false);
                result.Add(new Embedding<float>(vector) { ModelId = model, CreatedAt = _time.GetUtcNow() });

                // One call for the whole batch: its tokens are counted on the metrics, not on each caller's span.
                activity?.SetTag(CortexTags.CacheTier, "upstream");
                return result;
            }

            long promptTokens = 0;
            string? responseModel = null;
            for (var offset = 0; offset < texts.Count; offset += MaxEmbeddingInputs)
            {
                var slice = texts.Skip(offset).Take(MaxEmbeddingInputs).ToList();
                var (vectors, usage, answeredBy) = await SendEmbeddingsAsync(model, slice, options?.Dimensions, cancellationToken).ConfigureAwait(false);
                promptTokens += usage?.PromptTokens ?? 0;
                responseModel = answeredBy ?? responseModel;
                foreach (var vector in vectors)
                {
                    result.Add(new Embedding<float>(vector) { ModelId = model, CreatedAt = _time.GetUtcNow() });
                }
            }

            result.Usage = new UsageDetails { InputTokenCount = promptTokens, TotalTokenCount = promptTokens };
            response = responseModel;
            if (activity is not null)
            {
                activity.SetTag(CortexTags.CacheTier, "upstream");
                activity.SetTag(CortexTags.GenAiResponseModel, responseModel);
                activity.SetTag("gen_ai.usage.input_tokens", promptTokens);
            }

            return result;
        }
        catch (Exception ex)
        {
            error = ZaiErrorTypes.Of(ex);
            throw;
        }
        finally
        {
            _metrics.Operation("embeddings", model, response, _time.GetElapsedTime(started), error);
            if (activity is not null)
            {
                ZaiTracing.Stop(activity, error);
            }
        }
    }

    private async Task<(float[][] Vectors, ZaiUsage? Usage, string? Model)> SendEmbeddingsAsync(string model, IReadOnlyList<string> texts, int? dimensions, CancellationToken cancellationToken)
    {
        try
        {
            var result = await EmbedThroughPipelineAsync(model, texts, dimensions, cancellationToken).ConfigureAwait(false);
            CountUsage("embeddings", model, result.Model, result.Usage);
            return result;
        }
        catch (Exception ex)
        {
            CountPipelineError(ex);
            throw;
        }
    }

    private async Task<(float[][] Vectors, ZaiUsage? Usage, string? Model)> EmbedThroughPipelineAsync(string model, IReadOnlyList<string> texts, int? dimensions, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(
            static async (state, token) =>
            {
                var (self, model, texts, dimensions) = state;
                using var lease = await self._limiter.AcquireAsync(model, token).ConfigureAwait(false);
                Interlocked.Increment(ref self._upstream);
                try
                {
                    return await self._transport.EmbedAsync(model, texts, dimensions, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    self.CountError(ex);
                    throw;
                }
            },
            (this, model, texts, dimensions),
            cancellationToken).ConfigureAwait(false);
}
