using Cortex.Abstractions.Slo;
using Cortex.LoadTesting.Configuration;
using Cortex.LoadTesting.Endurance;

namespace Cortex.LoadTesting;

/// <summary>
/// A load test: the load model and its shape, the scenarios, and the criteria the run is judged by. Build one in code,
/// from a preset (<see cref="LoadTestPresets"/>) or from a JSON file (<see cref="LoadTestConfiguration"/>).
/// </summary>
public sealed class LoadTestOptions : LoadShapeOptions
{
    /// <summary>Gets or sets the test's name, shown in reports.</summary>
    /// <value>The default is <c>load-test</c>.</value>
    public string TestName { get; set; } = "load-test";

    /// <summary>
    /// Gets the scenarios. Those without an <see cref="ScenarioOptions.Executor"/> share this test's executor, every
    /// iteration running one of them chosen by weight; each one with an executor runs on its own load at the same time.
    /// </summary>
    public IList<ScenarioOptions> Scenarios { get; } = [];

    /// <summary>Gets the data feeds step parameters read rows from as <c>{feed.NAME.COLUMN}</c>.</summary>
    public IList<FeedOptions> Feeds { get; } = [];

    /// <summary>Gets or sets the SLO targets the run's requests are held to; each set target becomes a threshold.</summary>
    /// <value>The default is <see langword="null"/>: none.</value>
    public SloTargets? SloTargets { get; set; }

    /// <summary>Gets the thresholds, in k6's expression syntax.</summary>
    public IList<ThresholdOptions> Thresholds { get; } = [];

    /// <summary>Gets or sets the length of one timeline interval; live progress is reported at the same pace.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan ReportingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long iterations still running at the end (or after a stop) may take to finish before they are cancelled.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan GracefulStop { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long one step execution may take before it is cancelled and counted as a <c>timeout</c> error.</summary>
    /// <value>The default is 60 seconds.</value>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the share of the load this process generates.</summary>
    /// <value>The default is <see cref="ExecutionSegment.Full"/>.</value>
    public ExecutionSegment Segment { get; set; } = ExecutionSegment.Full;

    /// <summary>
    /// Gets how long the load lasts as planned: the sum of the <see cref="LoadShapeOptions.Stages"/> for ramping models, and
    /// <see cref="LoadShapeOptions.RampUpPeriod"/> + <see cref="LoadShapeOptions.Duration"/> + <see cref="LoadShapeOptions.CoolDownPeriod"/> for constant ones; with scenarios
    /// that have their own <see cref="ScenarioOptions.Executor"/>, until the last of them ends.
    /// </summary>
    public TimeSpan PlannedDuration => Scenarios
        .Where(s => s?.Executor is not null)
        .Select(s => s.Executor!.StartTime + s.Executor.PlannedDuration)
        .Append(Scenarios.Count > 0 && Scenarios.All(s => s?.Executor is not null) ? TimeSpan.Zero : OwnPlannedDuration)
        .Max();

    /// <summary>Gets or sets a value indicating whether ramping models get a breakpoint analysis in their result.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool AnalyzeBreakpoints { get; set; } = true;

    /// <summary>
    /// Gets or sets the seed of the random choices (think-time ranges). Scenario choice is deterministic regardless,
    /// so segments of one test never overlap.
    /// </summary>
    /// <value>The default is <see langword="null"/>: a random seed.</value>
    public int? RandomSeed { get; set; }

    /// <summary>Gets or sets how the system under test is watched during the run: memory and CPU samples, a leak verdict, an EventPipe trace (JSON <c>monitor</c>).</summary>
    /// <value>The default is <see langword="null"/>: not watched.</value>
    public TargetMonitorOptions? Monitor { get; set; }
}
