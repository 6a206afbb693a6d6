namespace Cortex.Samples.MemoryService.Memory;

/// <summary>The answer of <c>POST /memory/find</c>.</summary>
/// <param name="Items">The memories found, best first.</param>
public sealed record FindResult(IReadOnlyList<FoundItem> Items);
