namespace Cortex.Samples.MemoryService.Memory;

/// <summary>The kinds of memory the service accepts: what a coding assistant remembers about a project.</summary>
public static class MemoryKinds
{
    /// <summary>Every accepted kind, compared ordinally.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "entity", "relation", "observation", "decision", "todo", "incident", "issue", "section", "runbook", "change",
        "release", "release_note", "risk", "assumption", "ddl", "pr_context", "lesson",
    };
}
