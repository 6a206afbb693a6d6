using System.Text.Json;
using System.Text.Json.Nodes;
using Cortex.Abstractions.Steps;

namespace Cortex.Samples.MemoryService.LoadSteps;

/// <summary>
/// <c>memory_store</c>: <c>POST {baseUrl}/memory/store</c> with one item. Parameters: <c>baseUrl</c> (the memory service,
/// required), <c>kind</c> (default <c>entity</c>), <c>data</c> (any JSON; <c>{user}</c> and <c>{iteration}</c> in it are
/// filled per request) and <c>scope</c> (<c>{project, branch, org}</c>).
/// </summary>
/// <param name="clients">The tool's HTTP clients.</param>
public sealed class MemoryStoreStepHandler(IHttpClientFactory clients) : IStepHandler
{
    /// <inheritdoc/>
    public string StepType => "memory_store";

    /// <inheritdoc/>
    public IStep Prepare(StepDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var uri = JsonPostStep.Endpoint(definition, "memory/store");
        var item = new JsonObject
        {
            ["kind"] = definition.GetString("kind", "entity"),
            ["data"] = definition.TryGet("data", out var data) ? JsonNode.Parse(data.GetRawText()) : new JsonObject { ["title"] = "Load test entity {user}-{iteration}", ["content"] = "Load test content" },
        };
        if (definition.TryGet("scope", out var scope))
        {
            item["scope"] = scope.ValueKind == JsonValueKind.Object ? JsonNode.Parse(scope.GetRawText()) : throw definition.InvalidParameter("scope", "must be an object {project, branch, org}");
        }

        var body = new JsonObject { ["items"] = new JsonArray(item) }.ToJsonString();
        return new JsonPostStep(clients.CreateClient(nameof(MemoryStoreStepHandler)), uri, body, bearer: null);
    }
}
