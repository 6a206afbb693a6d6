using Cortex.Abstractions.Slo;

namespace Cortex.LoadTesting;

/// <summary>
/// A load test: the load model and its shape, the scenarios, and the criteria the run is judged by. Build one in code,
/// from a preset (<see cref="LoadTestPresets"/>) or from a JSON file (<see cref="LoadTestConfiguration"/>).
/// </summary>
public sealed class LoadTestOptions
{
    /// <summary>Gets or sets the test's name, shown in reports.</summary>
    /// <value>The default is <c>load-test</c>.</value>
    public string TestName { get; set; } = "load-test";

    /// <summary>Gets or sets how load is generated.</summary>
    /// <value>The default is <see cref="LoadModel.ConstantVus"/>.</value>
    public LoadModel Model { get; set; } = LoadModel.ConstantVus;

    /// <summary>Gets or sets how long the steady load lasts in constant models (after <see cref="RampUpPeriod"/>, before <see cref="CoolDownPeriod"/>).</summary>
    /// <value>The default is 60 seconds.</value>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the number of virtual users of <see cref="LoadModel.ConstantVus"/>.</summary>
    /// <value>The default is 10.</value>
    public int ConcurrentUsers { get; set; } = 10;

    /// <summary>Gets or sets the iterations started per second by <see cref="LoadModel.ConstantArrivalRate"/>.</summary>
    /// <value>The default is 10.</value>
    public double Rate { get; set; } = 10;

    /// <summary>Gets or sets how long constant models take to ramp linearly from zero to their users or rate.</summary>
    /// <value>The default is zero.</value>
    public TimeSpan RampUpPeriod { get; set; }

    /// <summary>Gets or sets how long constant models take to ramp linearly from their users or rate down to zero at the end.</summary>
    /// <value>The default is zero.</value>
    public TimeSpan CoolDownPeriod { get; set; }

    /// <summary>Gets or sets the load ramping models start from (virtual users or iterations per second).</summary>
    /// <value>The default is zero.</value>
    public double StartTarget { get; set; }

    /// <summary>Gets the stages of a ramping model.</summary>
    public IList<LoadStage> Stages { get; } = [];

    /// <summary>Gets or sets the virtual users an open model creates before the start.</summary>
    /// <value>The default is 10.</value>
    public int PreAllocatedUsers { get; set; } = 10;

    /// <summary>
    /// Gets or sets the most virtual users an open model may have busy at once. An arrival that finds all of them busy
    /// is counted as dropped, never delayed.
    /// </summary>
    /// <value>The default is 100.</value>
    public int MaxUsers { get; set; } = 100;

    /// <summary>Gets the scenarios; every iteration runs one of them, chosen by weight.</summary>
    public IList<ScenarioOptions> Scenarios { get; } = [];

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
    /// Gets how long the load lasts as planned: the sum of the <see cref="Stages"/> for ramping models, and
    /// <see cref="RampUpPeriod"/> + <see cref="Duration"/> + <see cref="CoolDownPeriod"/> for constant ones.
    /// </summary>
    public TimeSpan PlannedDuration => Internal.LoadModels.IsRamping(Model)
        ? TimeSpan.FromTicks(Stages.Sum(s => s.Duration.Ticks))
        : RampUpPeriod + Duration + CoolDownPeriod;

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
