namespace Cortex.Abstractions.Steps;

/// <summary>A load-test step whose parameters have been validated; executed once per iteration by many virtual users at once.</summary>
public interface IStep
{
    /// <summary>Executes the step once.</summary>
    /// <param name="context">Who is executing the step, and which iteration this is.</param>
    /// <param name="cancellationToken">Cancelled when the run stops or the step's timeout elapses.</param>
    /// <returns>
    /// Whether the step succeeded. An exception thrown by the step is recorded as a failure of type
    /// <c>exception:TypeName</c>; it does not stop the run.
    /// </returns>
    ValueTask<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken);
}
