using Cortex.Internal;
using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Thresholds;

namespace Cortex.LoadTesting.Results;

/// <summary>One threshold or SLO target, judged against what was observed.</summary>
public sealed record ThresholdResult
{
    /// <summary>Gets the expression, for example <c>p(95)&lt;2000</c>; SLO targets are shown in the same syntax.</summary>
    public required string Expression { get; init; }

    /// <summary>Gets what it applies to: a step, <c>scenario/step</c>, a tag scope such as <c>{type:write}</c>, or <see langword="null"/> for all requests.</summary>
    public string? Step { get; init; }

    /// <summary>Gets where it came from: <c>threshold</c> or <c>slo</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Gets the observed value, in the expression's unit.</summary>
    public double Observed { get; init; }

    /// <summary>Gets a value indicating whether it held.</summary>
    public bool Passed { get; init; }

    /// <summary>Gets a value indicating whether the run aborts when it fails.</summary>
    public bool AbortOnFail { get; init; }

    /// <summary>Gets a value indicating whether this threshold's failure aborted the run.</summary>
    public bool CausedAbort { get; init; }

    /// <summary>Writes <see cref="Observed"/> in the expression's unit, as the reports do: <c>212.4 ms</c>, <c>2.4%</c>, <c>120/s</c>, <c>1,500</c>.</summary>
    /// <returns>The observed value with its unit; a plain number when the expression does not parse.</returns>
    public string FormatObserved() =>
        ThresholdExpression.TryParse(Expression, out var expression, out _) ? expression!.Format(Observed) : Cortex.Internal.Figures.Number(Observed);

    /// <summary>Writes the judged threshold as the reports and recommendations do: <c>get: p(95)&lt;50 observed 212.4 ms</c>, prefixed with its step when it has one.</summary>
    /// <returns>The threshold and what was observed.</returns>
    public override string ToString() => $"{(Step is null ? "" : Step + ": ")}{Expression} observed {FormatObserved()}";
}
