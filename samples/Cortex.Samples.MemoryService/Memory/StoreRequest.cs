namespace Cortex.Samples.MemoryService.Memory;

/// <summary>The body of <c>POST /memory/store</c>.</summary>
/// <param name="Items">The memories to store.</param>
public sealed record StoreRequest(IReadOnlyList<MemoryItem>? Items);
