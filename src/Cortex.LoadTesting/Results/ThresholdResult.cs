namespace Cortex.LoadTesting;

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
}
