using Cortex.Abstractions.Steps;
using Microsoft.Extensions.AI;

namespace Cortex.Zai.Optimized.Steps;

/// <summary>
/// The <c>zai_embedding</c> load-test step: embeds <c>text</c> (default "Hello"; <c>{iteration}</c> and <c>{user}</c>
/// are replaced) with the optional <c>model</c> and <c>dimensions</c>; concurrent steps are batched by the client.
/// </summary>
/// <param name="client">The client the step calls.</param>
public sealed class ZaiEmbeddingStepHandler(ZaiOptimizedClient client) : IStepHandler
{
    /// <inheritdoc/>
    public string StepType => "zai_embedding";

    /// <inheritdoc/>
    public IStep Prepare(StepDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var text = definition.GetString("text", "Hello")!;
        var options = new EmbeddingGenerationOptions
        {
            ModelId = definition.GetString("model", null),
            Dimensions = definition.TryGet("dimensions", out _) ? definition.GetPositiveInt32("dimensions", 1) : null,
        };
        return new Step(client, text, options);
    }

    private sealed class Step(ZaiOptimizedClient client, string text, EmbeddingGenerationOptions options) : IStep
    {
        public ValueTask<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken) =>
            ZaiStepRequest.RunAsync(() => client.GenerateAsync([ZaiStepRequest.Expand(text, context)], options, cancellationToken));
    }
}
