namespace Cortex.Abstractions.Steps;

/// <summary>Identifies one execution of a step.</summary>
/// <param name="VirtualUser">The zero-based index of the virtual user executing the step.</param>
/// <param name="Iteration">The zero-based iteration number of that virtual user.</param>
public readonly record struct StepContext(int VirtualUser, long Iteration);
