using System.Text;
using Cortex.Qdrant.Pooling.Internal;
using Grpc.Core;
using Polly;
using Qdrant.Client;

namespace Cortex.Qdrant.Pooling;

public sealed partial class QdrantPooledClient
{
    /// <summary>What the pool's shared parts (timeout, queue, node choice) need of a request, whatever its result type.</summary>
    private interface IAttempt
    {
        TimeSpan Timeout { get; }

        QdrantRequestPriority Priority { get; }

        string? NodeId { get; }

        NodeSet Failed { get; }
    }

    /// <summary>
    /// Runs an operation on a pooled <see cref="QdrantClient"/>: picks a node, takes a connection (waiting in the queue
    /// when all are busy), and retries on another node when the failure and <see cref="QdrantRequestOptions.Kind"/> allow.
    /// </summary>
    /// <typeparam name="T">The operation's result.</typeparam>
    /// <param name="operation">The call to make, for example <c>(client, ct) =&gt; client.QueryAsync(..., cancellationToken: ct)</c>. It may run more than once; pass it the token it is given.</param>
    /// <param name="options">Whether the call may be retried, its priority, node and timeout. When <see langword="null"/>, or when it does not set
    /// <see cref="QdrantRequestOptions.Kind"/>, the call is a <see cref="QdrantOperationKind.NonIdempotentWrite"/>: retried only when it provably never
    /// reached a node. Pass <see cref="QdrantRequestOptions.Read"/> or call <see cref="ReadAsync{T}"/> for reads.</param>
    /// <param name="cancellationToken">Cancels the call, wherever it is (it then throws <see cref="OperationCanceledException"/> and is not retried).</param>
    /// <returns>The operation's result.</returns>
    /// <exception cref="QdrantNodesUnavailableException">No node can take the request; the message names each node's state.</exception>
    /// <exception cref="QdrantQueueFullException">Every connection is busy and the queue is full.</exception>
    /// <exception cref="Polly.Timeout.TimeoutRejectedException">The request, queueing and retries included, took longer than its timeout
    /// (<see cref="QdrantRequestOptions.Timeout"/>, else <see cref="QdrantPoolOptions.RequestTimeout"/>), also when a node was already working on it.
    /// A caller's own cancellation is an <see cref="OperationCanceledException"/> instead.</exception>
    /// <exception cref="RpcException">The last attempt's error, when it may not be retried or retries ran out.</exception>
    public Task<T> ExecuteAsync<T>(Func<QdrantClient, CancellationToken, Task<T>> operation, QdrantRequestOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(operation, options ?? QdrantRequestOptions.NonIdempotentWrite, (options ?? QdrantRequestOptions.NonIdempotentWrite).Kind, cancellationToken);

    /// <summary>
    /// Runs a read (query, retrieve, scroll, count, collection info) on a pooled <see cref="QdrantClient"/>, retried on another
    /// node on any transient failure, as <see cref="ExecuteAsync{T}"/> with <see cref="QdrantOperationKind.Read"/>.
    /// </summary>
    /// <typeparam name="T">The operation's result.</typeparam>
    /// <param name="operation">The read, for example <c>(client, ct) =&gt; client.QueryAsync(..., cancellationToken: ct)</c>. It may run more than once; pass it the token it is given.</param>
    /// <param name="options">The priority, node and timeout; its <see cref="QdrantRequestOptions.Kind"/> is ignored (always a read). Normal priority when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call, wherever it is (it then throws <see cref="OperationCanceledException"/> and is not retried).</param>
    /// <returns>The operation's result.</returns>
    /// <exception cref="QdrantNodesUnavailableException">No node can take the request; the message names each node's state.</exception>
    /// <exception cref="QdrantQueueFullException">Every connection is busy and the queue is full.</exception>
    /// <exception cref="Polly.Timeout.TimeoutRejectedException">The request, queueing and retries included, took longer than its timeout.</exception>
    /// <exception cref="RpcException">The last attempt's error, when it may not be retried or retries ran out.</exception>
    public Task<T> ReadAsync<T>(Func<QdrantClient, CancellationToken, Task<T>> operation, QdrantRequestOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(operation, options ?? QdrantRequestOptions.Read, QdrantOperationKind.Read, cancellationToken);

    private async Task<T> RunAsync<T>(Func<QdrantClient, CancellationToken, Task<T>> operation, QdrantRequestOptions options, QdrantOperationKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var activity = PoolTracing.Start(kind);
        var attempt = new Attempt<T>(this, operation, options, kind, _options.RequestTimeout, cancellationToken) { Activity = activity };
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(AttemptKey, attempt);
        Interlocked.Increment(ref _inFlight);
        var started = _time.GetTimestamp();
        var failed = true;
        try
        {
            var result = await _pipeline.ExecuteAsync(static (ctx, a) => a.RunAsync(ctx), context, attempt).ConfigureAwait(false);
            failed = false;
            return result;
        }
        catch (Exception ex) when (activity is not null && PoolTracing.Failed(activity, ex))
        {
            // Never entered: the filter tags the span and lets the exception go on.
            throw;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            // The caller cancelled: say so the .NET way, whichever layer noticed first.
            throw new OperationCanceledException("The Qdrant request was cancelled by the caller.", ex, cancellationToken);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            Interlocked.Increment(ref _requests);
            if (failed)
            {
                Interlocked.Increment(ref _failures);
            }

            if (_metrics is not null)
            {
                _requestLatency.Record(_time.GetElapsedTime(started));
            }

            if (activity is not null)
            {
                PoolTracing.Stop(activity, failed);
            }

            if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _disposed) != 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    // The retry loop is written here rather than as a Polly retry strategy: each attempt must pick a node that has not
    // failed this request yet, and a Polly strategy layer costs an extra async frame (~0.7 KB per call, measured), which
    // alone would break the pool's allocation budget of 1 KB per call. Polly still provides the timeout and the breakers.
    private async ValueTask<T> RunWithRetriesAsync<T>(Attempt<T> attempt, ResilienceContext context)
    {
        var cancellationToken = context.CancellationToken;
        for (var retry = 0; ; retry++)
        {
            var (node, connection) = await AcquireAsync(attempt, cancellationToken).ConfigureAwait(false);
            if (attempt.Activity is { } activity)
            {
                PoolTracing.Attempted(activity, node, retry + 1);
            }

            var started = _time.GetTimestamp();
            var status = StatusCode.OK;
            try
            {
                if (_options.EnableCircuitBreaker)
                {
                    // The breaker is typed to object so one breaker serves every result type without Polly's generic
                    // bridge (about 1 KB per call, measured); reusing the request's context saves a pooled one.
                    return (T)(await node.Breaker.ExecuteAsync(
                        static async (ctx, state) => (object?)await state.Operation(state.Client, ctx.CancellationToken).ConfigureAwait(false),
                        context,
                        (attempt.Operation, connection.Client)).ConfigureAwait(false))!;
                }

                return await attempt.Operation(connection.Client, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                status = FailureClassifier.StatusOf(ex, attempt.CallerToken);
                if (cancellationToken.IsCancellationRequested && !attempt.CallerToken.IsCancellationRequested)
                {
                    // The pool's own timeout cancelled the call, which gRPC reports as RpcException(Cancelled). Rethrown as
                    // a cancellation of the timeout's token, Polly turns it into TimeoutRejectedException, so a timeout
                    // never looks like the caller's own cancellation.
                    status = StatusCode.DeadlineExceeded;
                    throw new OperationCanceledException("The Qdrant request ran out of time while a node was answering it.", ex, cancellationToken);
                }

                attempt.FailedRef.Add(node);
                if (FailureClassifier.IsConnectionFailure(ex))
                {
                    connection.MarkBroken();
                }

                if (retry >= _options.MaxRetries || cancellationToken.IsCancellationRequested || !FailureClassifier.ShouldRetry(ex, attempt.Kind, attempt.CallerToken))
                {
                    throw;
                }
            }
            finally
            {
                var elapsed = _time.GetElapsedTime(started);
                node.Release(connection);
                node.RecordAttempt(status, elapsed);
                _metrics?.Attempt(node, status, elapsed);
                _queue.SignalOne();
            }

            // Backoff protects a struggling node; a node this request has not tried yet needs no waiting for.
            var delay = HasUntriedNode(attempt) ? TimeSpan.Zero : RetryBackoff.Delay(_options, retry, Random.Shared.NextDouble());
            Interlocked.Increment(ref _retries);
            _metrics?.Retry(status);
            if (attempt.Activity is { } retrying)
            {
                PoolTracing.Retrying(retrying, node, retry + 1, status, delay);
            }

            Log.Retrying(_logger, status.ToString(), retry + 1, delay);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask<(PoolNode Node, PooledConnection Connection)> AcquireAsync(IAttempt request, CancellationToken cancellationToken)
    {
        // Arrivals go straight to the queue while others wait, so queued requests are not overtaken.
        if (_queue.Count == 0 && TryAcquire(request, out var lease))
        {
            return lease;
        }

        if (!_options.EnableRequestQueue)
        {
            throw Rejected("every connection is busy and EnableRequestQueue is false");
        }

        var waiter = _queue.TryEnqueue(request.Priority, _options.MaxQueueSize)
            ?? throw Rejected($"every connection is busy and the queue is full ({_options.MaxQueueSize} waiting)");
        Interlocked.Increment(ref _queued);
        var started = _time.GetTimestamp();
        try
        {
            while (true)
            {
                // Checked after joining the queue too: a connection freed before we joined woke nobody.
                if (TryAcquire(request, out lease))
                {
                    if (!_queue.Leave(waiter))
                    {
                        _queue.SignalOne();
                    }

                    break;
                }

                await waiter.Signal.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (TryAcquire(request, out lease))
                {
                    break;
                }

                _queue.Requeue(waiter);
            }
        }
        catch (Exception)
        {
            if (!_queue.Leave(waiter))
            {
                _queue.SignalOne();
            }

            throw;
        }

        var waited = _time.GetElapsedTime(started);
        if (_metrics is not null)
        {
            _queueLatency.Record(waited);
            _metrics.QueueWait(waited);
        }

        return lease;
    }

    private bool TryAcquire(IAttempt request, out (PoolNode Node, PooledConnection Connection) lease)
    {
        var nodes = NodesSnapshot;
        if (request.NodeId is { } pinned)
        {
            var node = Array.Find(nodes, n => n.Id == pinned)
                ?? throw new QdrantPoolException($"The request is pinned to Qdrant node '{pinned}', which is not in the pool (nodes: {string.Join(", ", nodes.Select(n => n.Id))}).");
            if (!node.IsEligible)
            {
                throw Unavailable([node]);
            }

            return Take(node, out lease);
        }

        var preferred = _selector.Select(nodes, request.Failed) ?? throw Unavailable(nodes);
        if (Take(preferred, out lease))
        {
            return true;
        }

        // The preferred node is at capacity: any other eligible node with room will do.
        foreach (var node in nodes)
        {
            if (node != preferred && node.IsEligible && !request.Failed.Contains(node) && Take(node, out lease))
            {
                return true;
            }
        }

        return false;
    }

    private bool HasUntriedNode(IAttempt request)
    {
        if (request.NodeId is not null)
        {
            return false;
        }

        foreach (var node in NodesSnapshot)
        {
            if (node.IsEligible && !request.Failed.Contains(node))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Take(PoolNode node, out (PoolNode Node, PooledConnection Connection) lease)
    {
        var connection = node.TryAcquire();
        lease = (node, connection!);
        return connection is not null;
    }

    private QdrantQueueFullException Rejected(string why)
    {
        Interlocked.Increment(ref _queueRejections);
        _metrics?.QueueRejected();
        return new QdrantQueueFullException(
            $"Qdrant request refused: {why}. Raise QdrantPoolOptions.MaxConnections (now {_limits.MaxConnections} per node; SetMaxConnections changes it live) or MaxQueueSize, add nodes, or reduce concurrency.");
    }

    private static QdrantNodesUnavailableException Unavailable(IEnumerable<PoolNode> nodes)
    {
        var text = new StringBuilder("No Qdrant node can take the request: ");
        var first = true;
        foreach (var node in nodes)
        {
            text.Append(first ? string.Empty : "; ")
                .Append(node.Id).Append(" (").Append(QdrantPoolOptionsValidator.Printable(node.Address.ToString())).Append("): ")
                .Append(node.Active ? "active" : "inactive").Append(", health ").Append(node.Health)
                .Append(", circuit ").Append(node.Circuit);
            first = false;
        }

        if (first)
        {
            text.Append("the pool has no nodes");
        }

        return new QdrantNodesUnavailableException(text.Append('.').ToString());
    }

    private sealed class Attempt<T>(QdrantPooledClient pool, Func<QdrantClient, CancellationToken, Task<T>> operation, QdrantRequestOptions options, QdrantOperationKind kind, TimeSpan defaultTimeout, CancellationToken callerToken)
        : IAttempt
    {
        private NodeSet _failed;

        public Func<QdrantClient, CancellationToken, Task<T>> Operation { get; } = operation;

        public QdrantOperationKind Kind => kind;

        public TimeSpan Timeout => options.Timeout ?? defaultTimeout;

        public CancellationToken CallerToken { get; } = callerToken;

        public QdrantRequestPriority Priority => options.Priority;

        public string? NodeId => options.NodeId;

        public NodeSet Failed => _failed;

        /// <summary>Gets the request's span, when a listener samples the pool's source.</summary>
        public System.Diagnostics.Activity? Activity { get; init; }

        public ref NodeSet FailedRef => ref _failed;

        public ValueTask<T> RunAsync(ResilienceContext context) => pool.RunWithRetriesAsync(this, context);
    }
}
