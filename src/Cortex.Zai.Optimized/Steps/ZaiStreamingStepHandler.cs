using Cortex.Abstractions.Steps;

namespace Cortex.Zai.Optimized.Steps;

/// <summary>The <c>zai_streaming</c> load-test step: one streamed chat completion read to the end (same parameters as <c>zai_completion</c>).</summary>
/// <param name="client">The client the step calls.</param>
public sealed class ZaiStreamingStepHandler(ZaiOptimizedClient client) : IStepHandler
{
    /// <inheritdoc/>
    public string StepType => "zai_streaming";

    /// <inheritdoc/>
    public IStep Prepare(StepDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new ZaiStepRequest.ChatStep(client, ZaiStepRequest.Prepare(definition), stream: true);
    }
}
