using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Abstractions.Steps;

namespace Cortex.Samples.MemoryService.LoadSteps;

/// <summary>
/// <c>memory_find</c>: <c>POST {baseUrl}/memory/find</c>. Parameters: <c>baseUrl</c> (the memory service, required),
/// <c>query</c> (default <c>test</c>), <c>limit</c> (default 20), <c>types</c> (an array of kinds) and <c>scope</c>.
/// </summary>
/// <param name="clients">The tool's HTTP clients.</param>
public sealed class MemoryFindStepHandler(IHttpClientFactory clients) : IStepHandler
{
    /// <inheritdoc/>
    public string StepType => "memory_find";

    /// <inheritdoc/>
    public IStep Prepare(StepDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var uri = JsonPostStep.Endpoint(definition, "memory/find");
        var request = new JsonObject
        {
            ["query"] = definition.GetString("query", "test"),
            ["limit"] = definition.GetPositiveInt32("limit", 20),
        };
        foreach (var (name, kind) in new[] { ("types", JsonValueKind.Array), ("scope", JsonValueKind.Object) })
        {
            if (definition.TryGet(name, out var value))
            {
                request[name] = value.ValueKind == kind ? JsonNode.Parse(value.GetRawText()) : throw definition.InvalidParameter(name, kind == JsonValueKind.Array ? "must be an array of kinds" : "must be an object {project, branch, org}");
            }
        }

        return new JsonPostStep(clients.CreateClient(nameof(MemoryFindStepHandler)), uri, request.ToJsonString(), bearer: null);
    }
}
