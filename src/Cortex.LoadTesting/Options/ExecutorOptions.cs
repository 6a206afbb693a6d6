using Cortex.LoadTesting.Internal;

namespace Cortex.LoadTesting;

/// <summary>
/// A scenario's own executor, as k6 <c>scenarios</c> have: the scenario runs on this load, at the same time as the
/// test's other scenarios, from <see cref="StartTime"/> on. The figures mean what they mean on <see cref="LoadTestOptions"/>,
/// with the same defaults.
/// </summary>
public sealed class ExecutorOptions : ILoadShape
{
    /// <summary>Gets or sets how load is generated.</summary>
    /// <value>The default is <see cref="LoadModel.ConstantVus"/>.</value>
    public LoadModel Model { get; set; } = LoadModel.ConstantVus;

    /// <summary>Gets or sets how long after the start of the run this scenario starts.</summary>
    /// <value>The default is zero: with the run.</value>
    public TimeSpan StartTime { get; set; }

    /// <summary>Gets or sets how long the steady load lasts in constant models.</summary>
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

    /// <summary>Gets or sets how long constant models take to ramp linearly down to zero at the end.</summary>
    /// <value>The default is zero.</value>
    public TimeSpan CoolDownPeriod { get; set; }

    /// <summary>Gets or sets the load ramping models start from.</summary>
    /// <value>The default is zero.</value>
    public double StartTarget { get; set; }

    /// <summary>Gets the stages of a ramping model.</summary>
    public IList<LoadStage> Stages { get; } = [];

    /// <summary>Gets or sets the virtual users an open model creates before the start.</summary>
    /// <value>The default is 10.</value>
    public int PreAllocatedUsers { get; set; } = 10;

    /// <summary>Gets or sets the most virtual users an open model may have busy at once; arrivals beyond are dropped.</summary>
    /// <value>The default is 100.</value>
    public int MaxUsers { get; set; } = 100;

    /// <summary>Gets how long this scenario's load lasts, from its <see cref="StartTime"/>.</summary>
    public TimeSpan PlannedDuration => LoadModels.PlannedDuration(this);
}
