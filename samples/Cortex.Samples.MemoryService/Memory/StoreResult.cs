namespace Cortex.Samples.MemoryService.Memory;

/// <summary>What a store did.</summary>
/// <param name="Stored">Items written as new points.</param>
/// <param name="Duplicates">Items already stored (or repeated within the request): nothing was written for them.</param>
/// <param name="Ids">The point id of every item, in request order; equal content gives an equal id.</param>
public sealed record StoreResult(int Stored, int Duplicates, IReadOnlyList<Guid> Ids);
