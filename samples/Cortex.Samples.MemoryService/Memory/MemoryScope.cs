namespace Cortex.Samples.MemoryService.Memory;

/// <summary>Where a memory belongs. On a find, each field that is set must match; a field left out matches anything.</summary>
/// <param name="Project">The project.</param>
/// <param name="Branch">The branch.</param>
/// <param name="Org">The organization.</param>
public sealed record MemoryScope(string? Project = null, string? Branch = null, string? Org = null)
{
    /// <summary>The empty scope.</summary>
    public static MemoryScope None { get; } = new();
}
