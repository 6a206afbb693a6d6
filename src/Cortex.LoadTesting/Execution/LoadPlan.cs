using Cortex.LoadTesting.Internal;

namespace Cortex.LoadTesting.Execution;

/// <summary>
/// The load over time as a piecewise-linear function: virtual users for closed models, iterations per second for open
/// ones. Constant models compile to ramp-up, steady and cool-down stages, so every model runs on the same plan.
/// </summary>
internal sealed class LoadPlan
{
    private readonly double[] _startTimes;   // seconds
    private readonly double[] _durations;    // seconds
    private readonly double[] _from;
    private readonly double[] _to;
    private readonly double[] _cumulative;   // arrivals integrated up to each stage's start

    public LoadPlan(double start, IReadOnlyList<LoadStage> stages)
    {
        var n = stages.Count;
        _startTimes = new double[n];
        _durations = new double[n];
        _from = new double[n];
        _to = new double[n];
        _cumulative = new double[n + 1];
        var t = 0.0;
        var level = start;
        for (var i = 0; i < n; i++)
        {
            _startTimes[i] = t;
            _durations[i] = stages[i].Duration.TotalSeconds;
            _from[i] = level;
            _to[i] = stages[i].Target;
            _cumulative[i + 1] = _cumulative[i] + ((_from[i] + _to[i]) / 2 * _durations[i]);
            t += _durations[i];
            level = stages[i].Target;
        }

        Duration = TimeSpan.FromSeconds(t);
        TotalArrivals = _cumulative[n];
    }

    /// <summary>Gets the planned length of the run.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Gets the integral of the load over the whole plan: the iterations an open model starts.</summary>
    public double TotalArrivals { get; }

    public static LoadPlan From(LoadShapeOptions o)
    {
        if (LoadModels.IsRamping(o.Model))
        {
            return new LoadPlan(o.StartTarget, [.. o.Stages]);
        }

        var level = o.Model == LoadModel.ConstantVus ? o.ConcurrentUsers : o.Rate;
        var stages = new List<LoadStage>(3);
        if (o.RampUpPeriod > TimeSpan.Zero)
        {
            stages.Add(new LoadStage(o.RampUpPeriod, level));
        }

        stages.Add(new LoadStage(o.Duration, level));
        if (o.CoolDownPeriod > TimeSpan.Zero)
        {
            stages.Add(new LoadStage(o.CoolDownPeriod, 0));
        }

        return new LoadPlan(o.RampUpPeriod > TimeSpan.Zero ? 0 : level, stages);
    }

    /// <summary>The load at <paramref name="seconds"/> after the start.</summary>
    public double TargetAt(double seconds)
    {
        var i = StageAt(seconds);
        if (i < 0)
        {
            return _to.Length == 0 ? 0 : _to[^1];
        }

        var f = _durations[i] <= 0 ? 1 : (seconds - _startTimes[i]) / _durations[i];
        return _from[i] + ((_to[i] - _from[i]) * f);
    }

    /// <summary>The time, in seconds from the start, of the k-th arrival (zero-based): where the load's integral reaches k.</summary>
    public double ArrivalTime(long k)
    {
        var target = (double)k;
        if (target >= TotalArrivals)
        {
            return double.PositiveInfinity;
        }

        var i = Array.BinarySearch(_cumulative, target);
        i = i >= 0 ? i : ~i - 1;
        i = Math.Min(i, _durations.Length - 1);
        while (i < _durations.Length - 1 && _cumulative[i + 1] <= target)
        {
            i++;
        }

        // Within the stage the integral is a*x^2/2 + b*x with b = from and a = slope; solve for x.
        var remaining = target - _cumulative[i];
        var b = _from[i];
        var a = _durations[i] <= 0 ? 0 : (_to[i] - _from[i]) / _durations[i];
        double x;
        if (Math.Abs(a) < 1e-12)
        {
            x = b <= 0 ? 0 : remaining / b;
        }
        else
        {
            var disc = Math.Max(0, (b * b) + (2 * a * remaining));
            x = (-b + Math.Sqrt(disc)) / a;
        }

        return _startTimes[i] + Math.Clamp(x, 0, _durations[i]);
    }

    private int StageAt(double seconds)
    {
        for (var i = 0; i < _durations.Length; i++)
        {
            if (seconds < _startTimes[i] + _durations[i])
            {
                return i;
            }
        }

        return -1;
    }
}
