using System.Collections.Concurrent;
using Cortex.LoadTesting.Internal;

namespace Cortex.LoadTesting.Execution;

/// <summary>
/// One executor of a run and its virtual users: the test's own (shared by weight among the scenarios without an
/// executor of their own), or one scenario's. A run drives all of its generators at the same time.
/// </summary>
internal sealed class LoadGenerator
{
    private readonly PreparedScenario[] _scenarios;
    private readonly double[] _cumulativeWeights;

    // Written by the generator's controller, read by its users and the reporter.
    public int ActiveTarget;
    public long Dropped;

    public LoadGenerator(LoadShapeOptions load, TimeSpan startTime, PreparedScenario[] scenarios, int firstUser)
    {
        Load = load;
        StartTime = startTime;
        FirstUser = firstUser;
        Plan = LoadPlan.From(load);
        _scenarios = scenarios;
        var total = scenarios.Sum(s => s.Weight);
        _cumulativeWeights = new double[scenarios.Length];
        var sum = 0.0;
        for (var i = 0; i < scenarios.Length; i++)
        {
            sum += scenarios[i].Weight / total;
            _cumulativeWeights[i] = sum;
        }

        _cumulativeWeights[^1] = 1.0;
    }

    public LoadShapeOptions Load { get; }

    public LoadPlan Plan { get; }

    /// <summary>Gets how long after the run's start this generator starts.</summary>
    public TimeSpan StartTime { get; }

    /// <summary>Gets the global index of this generator's first virtual user, so user indices are unique across generators.</summary>
    public int FirstUser { get; }

    public bool IsOpen => LoadModels.IsOpen(Load.Model);

    /// <summary>Gets the users, in creation order; guarded by the run's state lock where the reporter reads them.</summary>
    public List<VirtualUser> Users { get; } = [];

    public ConcurrentQueue<VirtualUser> Idle { get; } = new();

    /// <summary>Gets the most virtual users this generator can have (on every segment together), to number the next generator's users after its.</summary>
    public int UserCapacity => IsOpen
        ? Load.MaxUsers
        : (int)Math.Ceiling(Math.Max(Load.Model == LoadModel.ConstantVus ? Load.ConcurrentUsers : Load.StartTarget, Load.Stages.Select(s => s.Target).DefaultIfEmpty(0).Max()));

    /// <summary>The load planned at <paramref name="runSeconds"/> after the run's start: zero before this generator starts and, when <paramref name="holdEnd"/> is false, after it ends.</summary>
    public double TargetAt(double runSeconds, bool holdEnd)
    {
        var t = runSeconds - StartTime.TotalSeconds;
        var end = Plan.Duration.TotalSeconds;
        return t < 0 || (t >= end && !holdEnd) ? 0 : Plan.TargetAt(Math.Min(t, end - 1e-9));
    }

    /// <summary>The scenario an iteration with this choice value (0..1) runs.</summary>
    public PreparedScenario Pick(double choice)
    {
        var weights = _cumulativeWeights;
        for (var i = 0; i < weights.Length; i++)
        {
            if (choice < weights[i])
            {
                return _scenarios[i];
            }
        }

        return _scenarios[^1];
    }

    /// <summary>The generators of a test: the test's own executor when some scenario has none, then one per scenario with its own.</summary>
    public static LoadGenerator[] For(LoadTestOptions options, PreparedScenario[] scenarios)
    {
        var generators = new List<LoadGenerator>();
        var firstUser = 0;
        var shared = scenarios.Where((_, i) => options.Scenarios[i].Executor is null).ToArray();
        if (shared.Length > 0)
        {
            generators.Add(new LoadGenerator(options, TimeSpan.Zero, shared, firstUser));
            firstUser += generators[^1].UserCapacity;
        }

        for (var i = 0; i < scenarios.Length; i++)
        {
            if (options.Scenarios[i].Executor is { } executor)
            {
                generators.Add(new LoadGenerator(executor, executor.StartTime, [scenarios[i]], firstUser));
                firstUser += generators[^1].UserCapacity;
            }
        }

        return [.. generators];
    }
}
