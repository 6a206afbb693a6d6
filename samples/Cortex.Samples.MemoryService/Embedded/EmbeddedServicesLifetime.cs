namespace Cortex.Samples.MemoryService.Embedded;

/// <summary>Stops the stand-ins when the host stops. Registered before every other hosted service, so it stops last.</summary>
/// <param name="embedded">The stand-ins.</param>
internal sealed class EmbeddedServicesLifetime(EmbeddedServices embedded) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => embedded.DisposeAsync().AsTask();
}
