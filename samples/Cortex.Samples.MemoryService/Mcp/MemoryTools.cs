using System.ComponentModel;
using Cortex.Samples.MemoryService.Memory;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Cortex.Samples.MemoryService.Mcp;

/// <summary>
/// <c>memory_store</c> and <c>memory_find</c> as MCP tools: the same <see cref="MemoryStore"/> and the same validation as
/// <c>POST /memory/store</c> and <c>POST /memory/find</c>, so a tool call and a REST call store and find the same memories.
/// </summary>
[McpServerToolType]
public static class MemoryTools
{
    /// <summary>Stores memories; content already stored is not written again.</summary>
    /// <param name="store">The memory store.</param>
    /// <param name="items">The memories.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>How many were stored, how many were duplicates, and each item's id.</returns>
    /// <exception cref="McpException">An argument is invalid; the message names each field at fault.</exception>
    [McpServerTool(Name = "memory_store", Idempotent = true, Destructive = false, OpenWorld = false)]
    [Description("Stores memories (entities, decisions, observations, todos, ...) in the project's long-term memory. The same content is stored once: storing it again reports it as a duplicate with the same id.")]
    public static Task<StoreResult> StoreAsync(
        MemoryStore store,
        [Description("The memories: each { kind, data, scope }. kind is one of entity, relation, observation, decision, todo, incident, issue, section, runbook, change, release, release_note, risk, assumption, ddl, pr_context, lesson; data is any JSON value; scope is { project, branch, org }, each optional.")]
        IReadOnlyList<MemoryItem> items,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ThrowIfInvalid(MemoryValidation.Validate(new StoreRequest(items)));
        return store.StoreAsync(items, cancellationToken);
    }

    /// <summary>Finds the memories nearest in meaning to a query.</summary>
    /// <param name="store">The memory store.</param>
    /// <param name="query">The text to search for.</param>
    /// <param name="scope">Scope fields that must match.</param>
    /// <param name="types">Kinds to return.</param>
    /// <param name="limit">The most memories to return.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The memories found, best first.</returns>
    /// <exception cref="McpException">An argument is invalid; the message names each field at fault.</exception>
    [McpServerTool(Name = "memory_find", ReadOnly = true, OpenWorld = false)]
    [Description("Finds the stored memories nearest in meaning to a query, best first, within a scope and optionally only of some kinds.")]
    public static Task<FindResult> FindAsync(
        MemoryStore store,
        [Description("The text to search for.")] string query,
        [Description("Scope fields that must match: { project, branch, org }, each optional; a field left out matches anything.")] MemoryScope? scope = null,
        [Description("Kinds to return (any of them); all kinds when left out.")] IReadOnlyList<string>? types = null,
        [Description("The most memories to return, 1 to 100; 20 when left out.")] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var request = new FindRequest(query, scope, types, limit);
        ThrowIfInvalid(MemoryValidation.Validate(request));
        return store.FindAsync(request, cancellationToken);
    }

    // An McpException's message reaches the client as the tool's error result, so the model can correct the field.
    private static void ThrowIfInvalid(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0)
        {
            throw new McpException(MemoryToolArguments.Describe(errors));
        }
    }
}
