using Microsoft.Extensions.Hosting;

namespace Cortex.Production.DependencyInjection;

internal sealed class ProductionHostedService(ProductionOptimizer optimizer, TimeProvider timeProvider, TimeSpan refreshInterval) : IHostedService, IAsyncDisposable
{
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await optimizer.InitializeAsync(cancellationToken).ConfigureAwait(false);
        _stopping = new CancellationTokenSource();
        _loop = RefreshLoopAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null || _loop is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _stopping?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(refreshInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await optimizer.RefreshAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // A failed refresh keeps the last status; the health checks themselves report the failure.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
