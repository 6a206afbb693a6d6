using Cortex.Abstractions.Steps;

namespace Cortex.Zai.Optimized.Steps;

/// <summary>The <c>zai_completion</c> load-test step: one chat completion (parameters: see <c>prompt</c>, <c>model</c>, <c>maxTokens</c>, <c>temperature</c>, <c>doSample</c>, <c>cacheMode</c>).</summary>
/// <param name="client">The client the step calls.</param>
public sealed class ZaiCompletionStepHandler(ZaiOptimizedClient client) : IStepHandler
{
    /// <inheritdoc/>
    public string StepType => "zai_completion";

    /// <inheritdoc/>
    public IStep Prepare(StepDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new ZaiStepRequest.ChatStep(client, ZaiStepRequest.Prepare(definition), stream: false);
    }
}
