using Cortex.Abstractions.Slo;

namespace Cortex.LoadTesting;

/// <summary>
/// The standard test shapes (smoke, load, stress, endurance), scalable so CI can run a short version
/// (<c>Smoke(scenarios, new PresetScale(DurationFactor: 20.0 / 60))</c> runs 20 seconds). Every preset holds the run
/// to the production SLO targets (p95 ≤ 2 s, p99 ≤ 5 s, errors ≤ 1%); change <see cref="LoadTestOptions.SloTargets"/> to judge otherwise.
/// </summary>
public static class LoadTestPresets
{
    /// <summary>Gets the preset names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["smoke", "load", "stress", "endurance"];

    /// <summary>A quick health check: 5 virtual users for 1 minute.</summary>
    /// <param name="scenarios">What the users do.</param>
    /// <param name="scale">Scales the duration and the users; <see langword="null"/> for none.</param>
    /// <returns>The test.</returns>
    public static LoadTestOptions Smoke(IEnumerable<ScenarioOptions> scenarios, PresetScale? scale = null)
    {
        var s = Check(scale);
        var o = Base("smoke", scenarios);
        o.Model = LoadModel.ConstantVus;
        o.ConcurrentUsers = Users(5, s);
        o.Duration = Scale(TimeSpan.FromMinutes(1), s);
        return o;
    }

    /// <summary>Production simulation: 100 virtual users for 10 minutes after a 60-second ramp-up.</summary>
    /// <param name="scenarios">What the users do.</param>
    /// <param name="scale">Scales the durations and the users; <see langword="null"/> for none.</param>
    /// <returns>The test.</returns>
    public static LoadTestOptions Load(IEnumerable<ScenarioOptions> scenarios, PresetScale? scale = null)
    {
        var s = Check(scale);
        var o = Base("load", scenarios);
        o.Model = LoadModel.ConstantVus;
        o.ConcurrentUsers = Users(100, s);
        o.RampUpPeriod = Scale(TimeSpan.FromSeconds(60), s);
        o.Duration = Scale(TimeSpan.FromMinutes(10), s);
        return o;
    }

    /// <summary>
    /// Maximum capacity: an arrival rate that climbs in ten equal steps from 100 to 1,000 iterations per second over
    /// 30 minutes (up to 500 virtual users), with breakpoint analysis, and stops once p95 or the error rate breaks.
    /// </summary>
    /// <param name="scenarios">What the arrivals do.</param>
    /// <param name="scale">Scales the durations, the rates and the users; <see langword="null"/> for none.</param>
    /// <returns>The test.</returns>
    public static LoadTestOptions Stress(IEnumerable<ScenarioOptions> scenarios, PresetScale? scale = null)
    {
        var s = Check(scale);
        var o = Base("stress", scenarios);
        o.Model = LoadModel.RampingArrivalRate;
        o.AnalyzeBreakpoints = true;
        var level = Scale(TimeSpan.FromMinutes(3), s);
        var ramp = level / 10;
        for (var i = 1; i <= 10; i++)
        {
            // A short ramp, then a plateau: breakpoint analysis judges each plateau on its own.
            o.Stages.Add(new LoadStage(ramp, 100 * i * s.LoadFactor));
            o.Stages.Add(new LoadStage(level - ramp, 100 * i * s.LoadFactor));
        }

        o.PreAllocatedUsers = Users(50, s);
        o.MaxUsers = Users(500, s);
        o.ReportingInterval = TimeSpan.FromSeconds(Math.Clamp(level.TotalSeconds / 6, 0.25, 10));
        o.Thresholds.Add(new ThresholdOptions { Expression = "p(95)<2000", AbortOnFail = true, DelayAbortEvaluation = level * 2 });
        o.Thresholds.Add(new ThresholdOptions { Expression = "rate<0.05", AbortOnFail = true, DelayAbortEvaluation = level * 2 });
        return o;
    }

    /// <summary>Long-running stability: the load test's 100 virtual users for 24 hours, reported every minute.</summary>
    /// <param name="scenarios">What the users do.</param>
    /// <param name="scale">Scales the durations and the users; <see langword="null"/> for none.</param>
    /// <returns>The test.</returns>
    public static LoadTestOptions Endurance(IEnumerable<ScenarioOptions> scenarios, PresetScale? scale = null)
    {
        var s = Check(scale);
        var o = Base("endurance", scenarios);
        o.Model = LoadModel.ConstantVus;
        o.ConcurrentUsers = Users(100, s);
        o.RampUpPeriod = Scale(TimeSpan.FromSeconds(60), s);
        o.Duration = Scale(TimeSpan.FromHours(24), s);
        o.ReportingInterval = TimeSpan.FromSeconds(Math.Clamp(o.Duration.TotalSeconds / 1440, 1, 60));
        return o;
    }

    /// <summary>Creates a preset by name.</summary>
    /// <param name="name">One of <see cref="Names"/>, ignoring case.</param>
    /// <param name="scenarios">What the users do.</param>
    /// <param name="scale">Scales the preset; <see langword="null"/> for none.</param>
    /// <returns>The test.</returns>
    /// <exception cref="ArgumentException">The name is not a preset.</exception>
    public static LoadTestOptions Create(string name, IEnumerable<ScenarioOptions> scenarios, PresetScale? scale = null) => name?.ToLowerInvariant() switch
    {
        "smoke" => Smoke(scenarios, scale),
        "load" => Load(scenarios, scale),
        "stress" => Stress(scenarios, scale),
        "endurance" => Endurance(scenarios, scale),
        _ => throw new ArgumentException($"'{name}' is not a preset; use {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>
    /// The scale that makes a preset's whole run (ramps, holds and stages included) last <paramref name="duration"/>:
    /// <c>ScaleTo("stress", TimeSpan.FromSeconds(30))</c> turns its 30 minutes of stages into 30 seconds.
    /// </summary>
    /// <param name="name">One of <see cref="Names"/>, ignoring case.</param>
    /// <param name="duration">How long the run should last; more than zero.</param>
    /// <param name="loadFactor">Multiplies the users and rates.</param>
    /// <returns>The scale to pass to <see cref="Create"/>.</returns>
    /// <exception cref="ArgumentException">The name is not a preset.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is not positive.</exception>
    public static PresetScale ScaleTo(string name, TimeSpan duration, double loadFactor = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var planned = Create(name, []).PlannedDuration;
        return new PresetScale(duration / planned, loadFactor);
    }

    private static LoadTestOptions Base(string name, IEnumerable<ScenarioOptions> scenarios)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        var o = new LoadTestOptions
        {
            TestName = name,
            SloTargets = new SloTargets
            {
                MaxResponseTimeP95 = TimeSpan.FromSeconds(2),
                MaxResponseTimeP99 = TimeSpan.FromSeconds(5),
                MaxErrorRate = 0.01,
            },
        };
        foreach (var scenario in scenarios)
        {
            o.Scenarios.Add(scenario);
        }

        return o;
    }

    private static PresetScale Check(PresetScale? scale)
    {
        var s = scale ?? PresetScale.Unscaled;
        if (!(s.DurationFactor > 0 && double.IsFinite(s.DurationFactor)))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), s.DurationFactor, "PresetScale.DurationFactor must be > 0.");
        }

        if (!(s.LoadFactor > 0 && double.IsFinite(s.LoadFactor)))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), s.LoadFactor, "PresetScale.LoadFactor must be > 0.");
        }

        return s;
    }

    private static TimeSpan Scale(TimeSpan t, PresetScale s) => t * s.DurationFactor;

    private static int Users(int users, PresetScale s) => Math.Max(1, (int)Math.Round(users * s.LoadFactor));
}
