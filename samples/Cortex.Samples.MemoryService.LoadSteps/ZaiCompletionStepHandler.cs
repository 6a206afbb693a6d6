using System.Text.Json.Nodes;
using Cortex.Abstractions.Steps;

namespace Cortex.Samples.MemoryService.LoadSteps;

/// <summary>
/// <c>zai_completion</c>: <c>POST {baseUrl}/chat/completions</c> of the Z.AI API the memory service uses, with the key
/// from the environment variable <c>apiKeyVariable</c> names (default <c>ZAI_API_KEY</c>). Parameters: <c>baseUrl</c> (default
/// <c>https://api.z.ai/api/paas/v4</c>), <c>prompt</c>, <c>model</c> (default <c>glm-4.6</c>), <c>maxTokens</c> (default 100).
/// </summary>
/// <param name="clients">The tool's HTTP clients.</param>
public sealed class ZaiCompletionStepHandler(IHttpClientFactory clients) : IStepHandler
{
    /// <inheritdoc/>
    public string StepType => "zai_completion";

    /// <inheritdoc/>
    public IStep Prepare(StepDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var variable = definition.GetString("apiKeyVariable", "ZAI_API_KEY")!;
        var key = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(key))
        {
            throw definition.InvalidParameter("apiKeyVariable", $"names the environment variable holding the API key, {variable}, which is not set");
        }

        var uri = definition.TryGet("baseUrl", out _) ? JsonPostStep.Endpoint(definition, "chat/completions") : new Uri("https://api.z.ai/api/paas/v4/chat/completions");
        var body = new JsonObject
        {
            ["model"] = definition.GetString("model", "glm-4.6"),
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = definition.GetString("prompt", "Generate a response for load testing") }),
            ["max_tokens"] = definition.GetPositiveInt32("maxTokens", 100),
        };
        return new JsonPostStep(clients.CreateClient(nameof(ZaiCompletionStepHandler)), uri, body.ToJsonString(), key);
    }
}
