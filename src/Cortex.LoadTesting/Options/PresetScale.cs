namespace Cortex.LoadTesting;

/// <summary>Scales a preset: a CI job can run a 20-second smoke test with <c>new PresetScale(DurationFactor: 20.0 / 60)</c>.</summary>
/// <param name="DurationFactor">Multiplies every duration of the preset (stages, ramp-up, cool-down, steady state).</param>
/// <param name="LoadFactor">Multiplies the users and rates of the preset.</param>
public readonly record struct PresetScale(double DurationFactor = 1, double LoadFactor = 1)
{
    /// <summary>Gets the preset as designed.</summary>
    public static PresetScale Unscaled => new(1, 1);
}
