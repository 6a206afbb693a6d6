using System.Globalization;
using System.Text.Json;
using Cortex.Abstractions.Steps;
using Cortex.Samples.MemoryService.Memory;
using Cortex.Slo;

namespace Cortex.Samples.MemoryService.Steps;

/// <summary>
/// The <c>memory_store</c> load-test step: stores one item through <see cref="MemoryStore"/>. Parameters: <c>kind</c>
/// (default <c>entity</c>), <c>data</c> (any JSON; default a small entity; <c>{user}</c> and <c>{iteration}</c> in its
/// strings are replaced, so each iteration can store new content) and <c>scope</c>.
/// </summary>
/// <param name="store">The store the endpoints use.</param>
/// <param name="time">The clock the operation is timed with.</param>
/// <param name="slo">The SLO monitor each operation is recorded into, when the host has one (the step calls the store, not an endpoint).</param>
public sealed class MemoryStoreStepHandler(MemoryStore store, TimeProvider time, SloMonitor? slo = null) : IStepHandler
{
    private const string DefaultData = """{"title":"Load test entity","content":"Load test content"}""";

    /// <inheritdoc/>
    public string StepType => "memory_store";

    /// <inheritdoc/>
    public IStep Prepare(StepDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var kind = definition.GetString("kind", "entity")!;
        var data = definition.TryGet("data", out var value) ? value.GetRawText() : DefaultData;
        var scope = StepParameters.Scope(definition);
        using (var parsed = JsonDocument.Parse(data))
        {
            var errors = MemoryValidation.Validate(new StoreRequest([new MemoryItem(kind, parsed.RootElement, scope)]));
            StepParameters.ThrowIfInvalid(definition, errors, fieldPrefix: "items[0].");
        }

        return new StoreStep(store, time, slo, kind, data, scope);
    }

    private sealed class StoreStep(MemoryStore store, TimeProvider time, SloMonitor? slo, string kind, string data, MemoryScope? scope) : IStep
    {
        private readonly bool _varies = data.Contains("{user}", StringComparison.Ordinal) || data.Contains("{iteration}", StringComparison.Ordinal);

        public async ValueTask<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            var text = _varies
                ? data.Replace("{user}", context.VirtualUser.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                      .Replace("{iteration}", context.Iteration.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                : data;
            using var document = JsonDocument.Parse(text);
            var item = new MemoryItem(kind, document.RootElement, scope);
            await InProcessOperation.MeasureAsync(slo, time, "memory_store", () => store.StoreAsync([item], cancellationToken)).ConfigureAwait(false);
            return StepResult.Success;
        }
    }
}
