using Microsoft.Extensions.Hosting;

namespace Cortex.Qdrant.Pooling.DependencyInjection;

/// <summary>Initializes the pool when the host starts (failing the start if no node answers), then runs the health monitor.</summary>
internal sealed class QdrantPoolHostedService(QdrantPooledClient pool, TimeSpan interval, TimeProvider time) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _monitor;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await pool.InitializeAsync(cancellationToken).ConfigureAwait(false);
        _monitor = MonitorAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_monitor is not null)
        {
            await _monitor.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync()
    {
        _stopping.Dispose();
        return default;
    }

    private async Task MonitorAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    await pool.CheckHealthAsync(stopping).ConfigureAwait(false);
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
