namespace Cortex.Abstractions.Steps;

/// <summary>
/// Contributes one load-test step type (for example <c>qdrant_search</c>) to a load test.
/// Handlers are registered in dependency injection (see
/// <see cref="Microsoft.Extensions.DependencyInjection.StepHandlerServiceCollectionExtensions.AddCortexStepHandler{THandler}"/>)
/// and found by <see cref="StepType"/>, so the load-testing engine never references the package that owns the step.
/// </summary>
public interface IStepHandler
{
    /// <summary>Gets the step type name this handler executes, for example <c>http</c> or <c>zai_completion</c>. Compared ordinally, ignoring case.</summary>
    string StepType { get; }

    /// <summary>
    /// Validates a step's parameters once, before the run starts, and returns the step ready to execute.
    /// </summary>
    /// <param name="definition">The step as written in the scenario.</param>
    /// <returns>The prepared step; it is executed many times, concurrently, by the virtual users.</returns>
    /// <exception cref="StepConfigurationException">A parameter is missing or invalid.</exception>
    IStep Prepare(StepDefinition definition);
}
