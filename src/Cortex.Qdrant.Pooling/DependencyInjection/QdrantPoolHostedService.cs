using Microsoft.Extensions.Hosting;

namespace Cortex.Qdrant.Pooling.DependencyInjection;

/// <summary>
/// Initializes the pool when the host starts, failing the start if no node answers. The health monitor is the pool's own
/// (it runs from the pool's construction until the container disposes it), so a hosted and a standalone pool behave alike.
/// </summary>
internal sealed class QdrantPoolHostedService(QdrantPooledClient pool) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => pool.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
