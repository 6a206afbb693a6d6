namespace Cortex.LoadTesting;

/// <summary>
/// A scenario's own executor, as k6 <c>scenarios</c> have: the scenario runs on this load, at the same time as the
/// test's other scenarios, from <see cref="StartTime"/> on. The figures mean what they mean on <see cref="LoadTestOptions"/>,
/// with the same defaults.
/// </summary>
public sealed class ExecutorOptions : LoadShapeOptions
{
    /// <summary>Gets or sets how long after the start of the run this scenario starts.</summary>
    /// <value>The default is zero: with the run.</value>
    public TimeSpan StartTime { get; set; }

    /// <summary>Gets how long this scenario's load lasts, from its <see cref="StartTime"/>.</summary>
    public TimeSpan PlannedDuration => OwnPlannedDuration;
}
