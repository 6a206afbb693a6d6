using System.Text.Json;

namespace Cortex.Samples.MemoryService.Memory;

/// <summary>One memory found, best first.</summary>
/// <param name="Id">Its point id.</param>
/// <param name="Score">The cosine similarity to the query.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Data">The data as stored.</param>
/// <param name="Scope">Its scope.</param>
public sealed record FoundItem(Guid Id, float Score, string Kind, JsonElement Data, MemoryScope Scope);
