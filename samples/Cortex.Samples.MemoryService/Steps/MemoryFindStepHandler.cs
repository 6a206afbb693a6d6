using Cortex.Abstractions.Steps;
using Cortex.Samples.MemoryService.Memory;
using Cortex.Slo;

namespace Cortex.Samples.MemoryService.Steps;

/// <summary>
/// The <c>memory_find</c> load-test step: one find through <see cref="MemoryStore"/>. Parameters: <c>query</c> (default
/// <c>test</c>), <c>limit</c> (default 20), <c>mode</c> (accepted for scenarios written for other memory servers; this service has one search
/// mode), <c>types</c> and <c>scope</c>.
/// </summary>
/// <param name="store">The store the endpoints use.</param>
/// <param name="time">The clock the operation is timed with.</param>
/// <param name="slo">The SLO monitor each operation is recorded into, when the host has one (the step calls the store, not an endpoint).</param>
public sealed class MemoryFindStepHandler(MemoryStore store, TimeProvider time, SloMonitor? slo = null) : IStepHandler
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
        return new FindStep(store, time, slo, request);
    }

    private sealed class FindStep(MemoryStore store, TimeProvider time, SloMonitor? slo, FindRequest request) : IStep
    {
        public async ValueTask<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            await InProcessOperation.MeasureAsync(slo, time, "memory_find", () => store.FindAsync(request, cancellationToken)).ConfigureAwait(false);
            return StepResult.Success;
        }
    }
}
