using Cortex.Abstractions.Steps;

namespace Cortex.LoadTesting.Steps;

/// <summary>
/// The <c>delay</c> step: waits <c>duration</c> milliseconds, or a uniform time between <c>min</c> and <c>max</c>
/// milliseconds. Useful to model a dependency's latency, and to test a plan without a system under test.
/// </summary>
/// <param name="timeProvider">The clock the delay runs on.</param>
public sealed class DelayStepHandler(TimeProvider timeProvider) : IStepHandler
{
    /// <inheritdoc />
    public string StepType => "delay";

    /// <inheritdoc />
    public IStep Prepare(StepDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var fixedMs = definition.GetDouble("duration");
        var min = definition.GetDouble("min");
        var max = definition.GetDouble("max");
        if (fixedMs is null && (min is null || max is null))
        {
            throw definition.InvalidParameter("duration", "is required (milliseconds), or give both min and max (milliseconds)");
        }

        if (fixedMs is { } d)
        {
            return d >= 0 ? new DelayStep(TimeSpan.FromMilliseconds(d), TimeSpan.FromMilliseconds(d), timeProvider) : throw definition.InvalidParameter("duration", "must be >= 0");
        }

        return min >= 0 && max >= min
            ? new DelayStep(TimeSpan.FromMilliseconds(min!.Value), TimeSpan.FromMilliseconds(max!.Value), timeProvider)
            : throw definition.InvalidParameter("min", "must be >= 0 and <= max");
    }

    private sealed class DelayStep(TimeSpan min, TimeSpan max, TimeProvider time) : IStep
    {
        public async ValueTask<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
#pragma warning disable CA5394 // Spreading waits needs no cryptographic randomness.
            var wait = max <= min ? min : min + ((max - min) * Random.Shared.NextDouble());
#pragma warning restore CA5394
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            return StepResult.Success;
        }
    }
}
