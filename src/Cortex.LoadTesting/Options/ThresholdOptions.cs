namespace Cortex.LoadTesting;

/// <summary>
/// A pass/fail criterion in k6's expression syntax, checked live during the run and at its end:
/// <c>p(95)&lt;2000</c> and <c>avg</c>, <c>med</c>, <c>min</c>, <c>max</c> (latency in milliseconds, corrected for
/// coordinated omission), <c>rate&lt;0.01</c> (fraction of failed requests), <c>throughput&gt;100</c> (requests per
/// second), <c>count&gt;1000</c>, <c>checks: rate&gt;0.99</c> (fraction of passed response checks); operators <c>&lt; &lt;= &gt; &gt;= == !=</c>.
/// </summary>
public sealed class ThresholdOptions
{
    /// <summary>Gets or sets the expression, for example <c>p(95)&lt;2000</c>.</summary>
    public string Expression { get; set; } = "";

    /// <summary>
    /// Gets or sets what the threshold applies to: a step name, <c>scenario/step</c> when names repeat, or, in k6's tag
    /// syntax, <c>{type:write}</c> (or <c>{scenario:writers,type:write}</c>) for every step carrying all of those tags,
    /// judged on their requests together; <c>{scenario:name}</c> is one scenario's requests.
    /// </summary>
    /// <value>The default is <see langword="null"/>: every request of the run.</value>
    public string? Step { get; set; }

    /// <summary>Gets or sets a value indicating whether the run stops as soon as the threshold fails.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool AbortOnFail { get; set; }

    /// <summary>Gets or sets how long after the start the threshold is first checked for an abort.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan DelayAbortEvaluation { get; set; } = TimeSpan.FromSeconds(10);
}
