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
        string? error = null;
        try
        {
            var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
            if (texts.Count == 1 && _options.Performance.EnableBatching)
            {
                var vector = await _batcher.EmbedAsync(model, options?.Dimensions, texts[0], cancellationToken).ConfigureAwait(false);
                result.Add(new Embedding<float>(vector) { ModelId = model, CreatedAt = _time.GetUtcNow() });
                return result;
            }

            long promptTokens = 0;
            for (var offset = 0; offset < texts.Count; offset += MaxEmbeddingInputs)
            {
                var slice = texts.Skip(offset).Take(MaxEmbeddingInputs).ToList();
                var (vectors, usage) = await SendEmbeddingsAsync(model, slice, options?.Dimensions, cancellationToken).ConfigureAwait(false);
                promptTokens += usage?.PromptTokens ?? 0;
                foreach (var vector in vectors)
                {
                    result.Add(new Embedding<float>(vector) { ModelId = model, CreatedAt = _time.GetUtcNow() });
                }
            }

            result.Usage = new UsageDetails { InputTokenCount = promptTokens, TotalTokenCount = promptTokens };
            return result;
        }
        catch (Exception ex)
        {
            error = ErrorType(ex);
            throw;
        }
        finally
        {
            _metrics.Operation("embeddings", model, _time.GetElapsedTime(started), error);
        }
    }

    private async Task<(float[][] Vectors, ZaiUsage? Usage)> SendEmbeddingsAsync(string model, IReadOnlyList<string> texts, int? dimensions, CancellationToken cancellationToken)
    {
        try
        {
            var result = await EmbedThroughPipelineAsync(model, texts, dimensions, cancellationToken).ConfigureAwait(false);
            CountUsage("embeddings", model, result.Usage);
            return result;
        }
        catch (Exception ex)
        {
            CountPipelineError(ex);
            throw;
        }
    }

    private async Task<(float[][] Vectors, ZaiUsage? Usage)> EmbedThroughPipelineAsync(string model, IReadOnlyList<string> texts, int? dimensions, CancellationToken cancellationToken) =>
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
