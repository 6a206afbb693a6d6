namespace Cortex.Samples.MemoryService.Memory;

/// <summary>Creates the memory collection at start, so a missing or unreachable Qdrant shows at once rather than on the first request.</summary>
/// <param name="store">The store whose collection is created.</param>
internal sealed class MemoryCollectionInitializer(MemoryStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.EnsureCollectionAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
