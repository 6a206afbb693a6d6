namespace Cortex.LoadTesting.Results;

/// <summary>How often one kind of error happened in one step.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Step">The step's name.</param>
/// <param name="ErrorType">The error category (for example <c>http_503</c>, <c>timeout</c>, <c>exception:IOException</c>).</param>
/// <param name="StatusCode">The protocol status code, when there was one.</param>
/// <param name="Count">How many times it happened.</param>
public sealed record ErrorSummary(string Scenario, string Step, string ErrorType, int? StatusCode, long Count);
