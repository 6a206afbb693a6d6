using Cortex.Qdrant.Pooling.Internal;
using Grpc.Core;

namespace Cortex.Qdrant.Pooling;

public sealed partial class QdrantPooledClient
{
    /// <summary>
    /// Runs one round of the health monitor: <c>qdrant.Qdrant/HealthCheck</c> on every node, marking a node down after
    /// <see cref="QdrantPoolOptions.HealthCheckFailureThreshold"/> failures in a row and up after a success; then tops up
    /// connections to <see cref="QdrantPoolOptions.MinConnections"/> and closes idle extra ones. The pool calls this itself
    /// every <see cref="QdrantPoolOptions.HealthCheckInterval"/> until it is disposed; call it to check at once.
    /// </summary>
    /// <param name="cancellationToken">Cancels the round.</param>
    /// <returns>A task that completes when every node has been checked.</returns>
    public async Task CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await Task.WhenAll(NodesSnapshot.Where(n => n.Health != QdrantNodeHealth.Draining).Select(n => CheckNodeAsync(n, cancellationToken))).ConfigureAwait(false);
        foreach (var node in NodesSnapshot)
        {
            var closed = node.CloseIdle();
            if (closed > 0)
            {
                Log.ClosedIdle(_logger, closed, node.Id);
            }
        }
    }

    /// <summary>Returns <see langword="null"/> when the node answered, else why not.</summary>
    private async Task<string?> CheckNodeAsync(PoolNode node, CancellationToken cancellationToken)
    {
        string? error = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectionTimeout);
        var probe = node.ProbeConnection();
        try
        {
            await probe.Client.HealthAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            error = $"{ex.StatusCode}: {ex.Status.Detail}";
            if (FailureClassifier.IsConnectionFailure(ex))
            {
                // The next probe (and request) gets a fresh connection rather than this dead one.
                probe.MarkBroken();
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"no answer within ConnectionTimeout ({_options.ConnectionTimeout})";
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or ObjectDisposedException)
        {
            error = ex.GetType().Name;
        }
        finally
        {
            node.ReleaseProbe(probe);
        }

        var (before, after) = node.OnHealthCheck(error is null);
        RaiseNodeState(node, before, after, error ?? "health check succeeded");
        if (after == QdrantNodeHealth.Up)
        {
            node.TopUp();
        }

        return error;
    }

    private async Task<string?> WarmAsync(PoolNode node, CancellationToken cancellationToken)
    {
        node.TopUp();
        var error = await CheckNodeAsync(node, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        // One call per connection establishes its HTTP/2 connection now rather than on the first request.
        await Task.WhenAll(node.Connections.Select(async c =>
        {
            if (!c.TryTake(int.MaxValue))
            {
                return; // closed since the snapshot
            }

            try
            {
                await c.Client.HealthAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException)
            {
                c.MarkBroken();
            }
            finally
            {
                node.ReleaseProbe(c);
            }
        })).ConfigureAwait(false);
        return null;
    }
}
