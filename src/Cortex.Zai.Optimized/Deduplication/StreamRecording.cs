using System.Runtime.CompilerServices;
using Cortex.Zai.Optimized.Models;

namespace Cortex.Zai.Optimized.Deduplication;

/// <summary>
/// One upstream stream, recorded as it arrives so that identical requests read it too: each reader gets every chunk from
/// the first, in order, whenever it joined. The upstream stream is cancelled when its last reader leaves before the end.
/// A finished recording stays joinable for its reuse window (none for a sampling request); a failed one is not joinable.
/// </summary>
/// <param name="reuseWindow">How long a finished recording stays joinable; <see cref="TimeSpan.Zero"/> for only while it runs.</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The token source has no timer and no registrations outlive the recording; nothing to release.")]
internal sealed class StreamRecording(TimeSpan reuseWindow)
{
    private readonly List<ZaiCompletionChunk> _chunks = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _cancel = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _error;
    private long _completedAt = -1;
    private int _readers = 1;

    public CancellationToken Cancellation => _cancel.Token;

    public TimeSpan ReuseWindow => reuseWindow;

    public bool IsFinished
    {
        get
        {
            lock (_lock)
            {
                return _completedAt >= 0 || _error is not null;
            }
        }
    }

    public bool TryJoin(TimeProvider time)
    {
        lock (_lock)
        {
            if (_error is not null || _cancel.IsCancellationRequested
                || (_completedAt >= 0 && (reuseWindow <= TimeSpan.Zero || time.GetElapsedTime(_completedAt) >= reuseWindow)))
            {
                return false;
            }

            _readers++;
            return true;
        }
    }

    public void Add(ZaiCompletionChunk chunk) => Signal(() => _chunks.Add(chunk));

    public void Complete(TimeProvider time) => Signal(() => _completedAt = time.GetTimestamp());

    public void Fail(Exception error) => Signal(() => _error = error);

    public async IAsyncEnumerable<ZaiCompletionChunk> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = 0;
        var finished = false;
        try
        {
            while (true)
            {
                ZaiCompletionChunk[] pending;
                Task changed;
                Exception? error;
                bool done;
                lock (_lock)
                {
                    pending = next < _chunks.Count ? _chunks.GetRange(next, _chunks.Count - next).ToArray() : [];
                    next = _chunks.Count;
                    changed = _changed.Task;
                    error = _error;
                    done = _completedAt >= 0;
                }

                foreach (var chunk in pending)
                {
                    yield return chunk;
                }

                if (pending.Length > 0)
                {
                    continue;
                }

                if (error is not null)
                {
                    finished = true;
                    throw error;
                }

                if (done)
                {
                    finished = true;
                    yield break;
                }

                await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (!finished)
            {
                Leave();
            }
        }
    }

    private void Leave()
    {
        lock (_lock)
        {
            if (--_readers > 0 || _completedAt >= 0 || _error is not null)
            {
                return;
            }
        }

        // Nobody reads any more: stop paying for the stream.
        _cancel.Cancel();
    }

    private void Signal(Action change)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            change();
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
