using Cortex.Abstractions.Steps;
using Cortex.Samples.MemoryService.Memory;

namespace Cortex.Samples.MemoryService.Steps;

/// <summary>
/// The <c>memory_find</c> load-test step: one find through <see cref="MemoryStore"/>. Parameters: <c>query</c> (default
/// <c>test</c>), <c>limit</c> (default 20), <c>mode</c> (accepted for scenarios written for other memory servers; this service has one search
/// mode), <c>types</c> and <c>scope</c>.
/// </summary>
/// <param name="store">The store the endpoints use.</param>
public sealed class MemoryFindStepHandler(MemoryStore store) : IStepHandler
{
    private static readonly string[] Modes = ["auto", "fast", "deep"];

    /// <inheritdoc/>
    public string StepType => "memory_find";

    /// <inheritdoc/>
    public IStep Prepare(StepDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var mode = definition.GetString("mode", "auto")!;
        if (!Modes.Contains(mode, StringComparer.OrdinalIgnoreCase))
        {
            throw definition.InvalidParameter("mode", $"must be one of {string.Join(", ", Modes)} (was '{mode}')");
        }

        var request = new FindRequest(
            definition.GetString("query", "test"),
            StepParameters.Scope(definition),
            StepParameters.Types(definition),
            definition.GetPositiveInt32("limit", MemoryValidation.DefaultLimit));
        StepParameters.ThrowIfInvalid(definition, MemoryValidation.Validate(request));
        return new FindStep(store, request);
    }

    private sealed class FindStep(MemoryStore store, FindRequest request) : IStep
    {
        public async ValueTask<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            await store.FindAsync(request, cancellationToken).ConfigureAwait(false);
            return StepResult.Success;
        }
    }
}
