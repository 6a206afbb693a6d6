namespace Cortex.LoadTesting.Analysis;

/// <summary>Advice derived from a run's data, with the figures that justify it.</summary>
/// <param name="Category">What it is about.</param>
/// <param name="Message">The advice and its evidence, in one or two sentences.</param>
/// <param name="Step">The step it is about, when there is one.</param>
public sealed record Recommendation(RecommendationCategory Category, string Message, string? Step = null)
{
    /// <summary>Writes the advice as the reports do: the message, followed by <c> (step 'get')</c> when it is about a step its message does not name.</summary>
    /// <returns>The message with its step.</returns>
    public override string ToString() =>
        Step is not { } step || Message.Contains($"'{step}'", StringComparison.Ordinal) ? Message : $"{Message} (step '{step}')";
}
