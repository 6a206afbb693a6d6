using Cortex.Abstractions.Steps;

namespace Cortex.Production.Tests.Infrastructure;

// Stands in for the memory-service sample's handlers: each step counts itself and succeeds, or fails while Failing is set.
internal abstract class CountingStepHandler(string stepType) : IStepHandler
{
    private long _executions;
    private volatile bool _failing;

    public string StepType { get; } = stepType;

    public long Executions => Interlocked.Read(ref _executions);

    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }

    public IStep Prepare(StepDefinition definition) => new Step(this);

    private sealed class Step(CountingStepHandler owner) : IStep
    {
        public ValueTask<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref owner._executions);
            return ValueTask.FromResult(owner.Failing ? StepResult.Failed("test_failure") : StepResult.Success);
        }
    }
}

internal sealed class MemoryStoreStepHandler() : CountingStepHandler("memory_store");

internal sealed class MemoryFindStepHandler() : CountingStepHandler("memory_find");

internal sealed class ZaiCompletionTestStepHandler() : CountingStepHandler("zai_completion");
