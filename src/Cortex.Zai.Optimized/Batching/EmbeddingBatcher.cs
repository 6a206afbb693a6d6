using Cortex.Zai.Optimized.Models;

namespace Cortex.Zai.Optimized.Batching;

/// <summary>
/// Coalesces concurrent single embedding requests into one <c>/embeddings</c> call with an array input: a batch goes
/// when it holds <c>MaxBatchSize</c> texts or <c>BatchTimeout</c> after its first text arrived, whichever is first.
/// Results are split back in order; a failed call fails each of its callers with the same error. Texts for different
/// models or dimensions never share a batch.
/// </summary>
internal sealed class EmbeddingBatcher(
    Func<string, IReadOnlyList<string>, int?, CancellationToken, Task<(float[][] Vectors, ZaiUsage? Usage, string? Model)>> send,
    int maxBatchSize,
    TimeSpan timeout,
    TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Model, int? Dimensions), Batch> _open = [];
    private long _batches;
    private long _texts;

    public long Batches => Volatile.Read(ref _batches);

    public long Texts => Volatile.Read(ref _texts);

    public Task<float[]> EmbedAsync(string model, int? dimensions, string text, CancellationToken cancellationToken)
    {
        Batch? full = null;
        Task<float[]> result;
        lock (_lock)
        {
            if (!_open.TryGetValue((model, dimensions), out var batch))
            {
                batch = new Batch(model, dimensions);
                _open[(model, dimensions)] = batch;
                batch.Timer = time.CreateTimer(static s => ((BatchTimerState)s!).Fire(), new BatchTimerState(this, batch), timeout, Timeout.InfiniteTimeSpan);
            }

            result = batch.Add(text);
            if (batch.Count >= maxBatchSize)
            {
                _open.Remove((model, dimensions));
                full = batch;
            }
        }

        if (full is not null)
        {
            _ = SendAsync(full);
        }

        // A caller that gives up stops waiting; the text stays in its batch (the others still need the call).
        return result.WaitAsync(cancellationToken);
    }

    private void Flush(Batch batch)
    {
        lock (_lock)
        {
            if (!_open.Remove((batch.Model, batch.Dimensions), out var current) || current != batch)
            {
                if (current is not null)
                {
                    _open[(batch.Model, batch.Dimensions)] = current;
                }

                return;
            }
        }

        _ = SendAsync(batch);
    }

    private async Task SendAsync(Batch batch)
    {
        batch.Timer?.Dispose();
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _texts, batch.Count);
        try
        {
            var (vectors, _, _) = await send(batch.Model, batch.Texts, batch.Dimensions, CancellationToken.None).ConfigureAwait(false);
            batch.Complete(vectors);
        }
        catch (Exception ex)
        {
            batch.Fail(ex);
        }
    }

    private sealed record BatchTimerState(EmbeddingBatcher Owner, Batch Batch)
    {
        public void Fire() => Owner.Flush(Batch);
    }

    private sealed class Batch(string model, int? dimensions)
    {
        private readonly List<string> _texts = [];
        private readonly List<TaskCompletionSource<float[]>> _waiters = [];

        public string Model { get; } = model;

        public int? Dimensions { get; } = dimensions;

        public ITimer? Timer { get; set; }

        public int Count => _texts.Count;

        public IReadOnlyList<string> Texts => _texts;

        public Task<float[]> Add(string text)
        {
            var waiter = new TaskCompletionSource<float[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            _texts.Add(text);
            _waiters.Add(waiter);
            return waiter.Task;
        }

        public void Complete(float[][] vectors)
        {
            for (var i = 0; i < _waiters.Count; i++)
            {
                _waiters[i].TrySetResult(vectors[i]);
            }
        }

        public void Fail(Exception error)
        {
            foreach (var waiter in _waiters)
            {
                waiter.TrySetException(error);
            }
        }
    }
}
