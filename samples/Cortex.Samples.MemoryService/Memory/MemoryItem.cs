using System.Text.Json;

namespace Cortex.Samples.MemoryService.Memory;

/// <summary>One memory to store.</summary>
/// <param name="Kind">One of <see cref="MemoryKinds.All"/>.</param>
/// <param name="Data">Any JSON value; its canonical text is what gets embedded.</param>
/// <param name="Scope">Where it belongs.</param>
public sealed record MemoryItem(string? Kind, JsonElement Data, MemoryScope? Scope);
