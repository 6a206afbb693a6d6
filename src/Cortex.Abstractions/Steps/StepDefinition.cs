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

    /// <summary>Reads a required, non-empty string parameter.</summary>
    /// <param name="parameter">The parameter's name.</param>
    /// <returns>Its value.</returns>
    /// <exception cref="StepConfigurationException">It is missing, empty or not a string.</exception>
    public string GetRequiredString(string parameter) =>
        GetString(parameter, null) ?? throw InvalidParameter(parameter, "is required and must be a non-empty string");

    /// <summary>Reads an optional string parameter.</summary>
    /// <param name="parameter">The parameter's name.</param>
    /// <param name="fallback">The value when it is absent.</param>
    /// <returns>Its value, or <paramref name="fallback"/>.</returns>
    /// <exception cref="StepConfigurationException">It is present but not a non-empty string.</exception>
    public string? GetString(string parameter, string? fallback) =>
        TryGet(parameter, out var value)
            ? value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : throw InvalidParameter(parameter, "must be a non-empty string")
            : fallback;

    /// <summary>Reads an optional positive integer parameter.</summary>
    /// <param name="parameter">The parameter's name.</param>
    /// <param name="fallback">The value when it is absent.</param>
    /// <returns>Its value, or <paramref name="fallback"/>.</returns>
    /// <exception cref="StepConfigurationException">It is present but not a positive integer.</exception>
    public int GetPositiveInt32(string parameter, int fallback) =>
        TryGet(parameter, out var value)
            ? value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number > 0 ? number : throw InvalidParameter(parameter, "must be a positive integer")
            : fallback;

    /// <summary>Reads an optional number parameter.</summary>
    /// <param name="parameter">The parameter's name.</param>
    /// <returns>Its value, or <see langword="null"/> when absent.</returns>
    /// <exception cref="StepConfigurationException">It is present but not a number.</exception>
    public double? GetDouble(string parameter) =>
        TryGet(parameter, out var value)
            ? value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw InvalidParameter(parameter, "must be a number")
            : null;

    /// <summary>Reads an optional boolean parameter.</summary>
    /// <param name="parameter">The parameter's name.</param>
    /// <returns>Its value, or <see langword="null"/> when absent.</returns>
    /// <exception cref="StepConfigurationException">It is present but not true or false.</exception>
    public bool? GetBoolean(string parameter) =>
        TryGet(parameter, out var value)
            ? value.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => throw InvalidParameter(parameter, "must be true or false") }
            : null;

    /// <summary>Gets a parameter's raw JSON value.</summary>
    /// <param name="parameter">The parameter's name.</param>
    /// <param name="value">Its value, when present.</param>
    /// <returns><see langword="true"/> when the parameters are an object holding it.</returns>
    public bool TryGet(string parameter, out JsonElement value)
    {
        value = default;
        return Parameters.ValueKind == JsonValueKind.Object && Parameters.TryGetProperty(parameter, out value);
    }
}
