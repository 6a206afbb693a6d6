using System.Diagnostics;
using Cortex.Abstractions.Steps;

namespace Cortex.LoadTesting.Tests.Support;

/// <summary>
/// The system under load's own record of the calls it received (step type and arrival timestamp), kept apart from the
/// engine's counters so a test can compare what the engine reports with what really happened.
/// </summary>
internal sealed class TargetLog(int capacity)
{
    private readonly long[] _timestamps = new long[capacity];
    private readonly string?[] _typeOf = new string?[capacity];
    private int _count;

    /// <summary>Gets the calls received, also those beyond the capacity (which are counted but not kept).</summary>
    public int Calls => Volatile.Read(ref _count);

    private int Count => Math.Min(Calls, capacity);

    /// <summary>A step type that succeeds at once after logging its call.</summary>
    public TestStepHandler Handler(string stepType)
    {
        return new TestStepHandler(stepType, (_, _) =>
        {
            var now = Stopwatch.GetTimestamp();
            var slot = Interlocked.Increment(ref _count) - 1;
            if (slot < capacity)
            {
                _timestamps[slot] = now;
                _typeOf[slot] = stepType;
            }

            return ValueTask.FromResult(StepResult.Success);
        });
    }

    /// <summary>Gets the calls each step type received.</summary>
    public long CallsOf(string stepType) => _typeOf.AsSpan(0, Count).Count(stepType);

    /// <summary>Gets the calls' times after <paramref name="origin"/> (a <see cref="Stopwatch"/> timestamp), earliest first.</summary>
    public TimeSpan[] TimesSince(long origin)
    {
        var times = _timestamps.AsSpan(0, Count).ToArray();
        Array.Sort(times);
        return [.. times.Select(t => Stopwatch.GetElapsedTime(origin, t))];
    }
}
