namespace Cortex.LoadTesting;

/// <summary>
/// The figures of one executor (k6's name for a load model and its shape): the test's own on <see cref="LoadTestOptions"/>,
/// or a scenario's on <see cref="ExecutorOptions"/>. One plan, one validation and one JSON reading serve both.
/// </summary>
public abstract class LoadShapeOptions
{
    private protected LoadShapeOptions()
    {
    }

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

    /// <summary>Gets how long this executor's load lasts: the sum of the stages for ramping models, ramp-up + duration + cool-down for constant ones.</summary>
    private protected TimeSpan OwnPlannedDuration => Internal.LoadModels.IsRamping(Model)
        ? TimeSpan.FromTicks(Stages.Sum(s => s.Duration.Ticks))
        : RampUpPeriod + Duration + CoolDownPeriod;
}
