using Microsoft.Extensions.Hosting;

namespace Cortex.Slo.DependencyInjection;

/// <summary>Starts and stops the monitor with the host.</summary>
internal sealed class SloHostedService(SloMonitor monitor) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => monitor.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => monitor.StopAsync(cancellationToken);
}
