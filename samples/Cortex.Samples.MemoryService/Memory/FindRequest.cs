namespace Cortex.Samples.MemoryService.Memory;

/// <summary>The body of <c>POST /memory/find</c>.</summary>
/// <param name="Query">The text to search for.</param>
/// <param name="Scope">Scope fields that must match.</param>
/// <param name="Types">Kinds to return (any of them); all kinds when empty.</param>
/// <param name="Limit">The most items to return, 1 to <see cref="MemoryValidation.MaxLimit"/>; the default is 20.</param>
public sealed record FindRequest(string? Query, MemoryScope? Scope = null, IReadOnlyList<string>? Types = null, int? Limit = null);
