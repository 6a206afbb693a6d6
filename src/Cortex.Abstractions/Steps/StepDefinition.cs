using System.Text.Json;

namespace Cortex.Abstractions.Steps;

/// <summary>One step of a load-test scenario, as configured.</summary>
/// <param name="Scenario">The name of the scenario the step belongs to.</param>
/// <param name="Name">The step's name, unique within its scenario.</param>
/// <param name="Type">The step type, matched against <see cref="IStepHandler.StepType"/>.</param>
/// <param name="Parameters">The step's parameters as a JSON object (an undefined element when none were given).</param>
public sealed record StepDefinition(string Scenario, string Name, string Type, JsonElement Parameters)
{
    /// <summary>Builds the error for a parameter that is missing or invalid, naming the scenario, step and parameter.</summary>
    /// <param name="parameter">The parameter's name.</param>
    /// <param name="problem">What is wrong with it and what to do, for example <c>must be a positive integer</c>.</param>
    /// <returns>The exception to throw from <see cref="IStepHandler.Prepare"/>.</returns>
    public StepConfigurationException InvalidParameter(string parameter, string problem) =>
        new($"Step '{Name}' (type '{Type}') in scenario '{Scenario}': parameter '{parameter}' {problem}.");
}
