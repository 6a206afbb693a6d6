namespace Cortex.LoadTesting;

/// <summary>
/// A user journey: steps run in order in every iteration. Scenarios without an <see cref="Executor"/> share the test's
/// executor and are picked per iteration by weight; a scenario with one runs on its own load, alongside the others (k6 <c>scenarios</c>).
/// </summary>
public sealed class ScenarioOptions
{
    /// <summary>Gets or sets the scenario's name, unique within the test.</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the relative weight with which an iteration runs this scenario (70 and 30 give 70% and 30%).</summary>
    /// <value>The default is 1.</value>
    public double Weight { get; set; } = 1;

    /// <summary>Gets or sets the pause after each iteration in closed models.</summary>
    /// <value>The default is <see langword="null"/>: no pause.</value>
    public ThinkTime? ThinkTime { get; set; }

    /// <summary>
    /// Gets or sets the intended time between the starts of a virtual user's iterations in closed models. An iteration
    /// that runs longer than the pacing is recorded with HdrHistogram's expected-interval correction, so latency is
    /// corrected for coordinated omission.
    /// </summary>
    /// <value>The default is <see langword="null"/>: no pacing, iterations run back to back (after think time).</value>
    public TimeSpan? Pacing { get; set; }

    /// <summary>Gets or sets the scenario's own executor; <see cref="Weight"/> does not apply to a scenario that has one.</summary>
    /// <value>The default is <see langword="null"/>: the test's executor, shared by weight.</value>
    public ExecutorOptions? Executor { get; set; }

    /// <summary>Gets the tags every step of the scenario carries, besides <c>scenario</c> (its name) and the step's own.</summary>
    public IDictionary<string, string> Tags { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the steps, run in order; an iteration stops at its first failed step.</summary>
    public IList<StepOptions> Steps { get; } = [];
}
