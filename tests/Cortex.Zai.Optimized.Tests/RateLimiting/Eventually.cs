using System.Diagnostics;

namespace Cortex.Zai.Optimized.Tests.RateLimiting;

/// <summary>
/// Waits (in real time, bounded) for thread-pool continuations released by a FakeTimeProvider advance. Fake time does
/// not move while it waits, so a count that has settled is final until the next advance.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public static async Task EqualAsync(int expected, Func<int> actual)
    {
        var clock = Stopwatch.StartNew();
        while (actual() != expected && clock.Elapsed < Bound)
        {
            await Task.Delay(2, TestContext.Current.CancellationToken);
        }

        // Nothing more may arrive: give stragglers a moment to show up, then check the count did not overshoot.
        await Task.Delay(20, TestContext.Current.CancellationToken);
        Assert.Equal(expected, actual());
    }

    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Bound, $"Timed out waiting until {what}.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits until <paramref name="value"/> has not changed for a short while.</summary>
    public static async Task SettledAsync(Func<int> value)
    {
        var clock = Stopwatch.StartNew();
        var last = value();
        var quietSince = clock.Elapsed;
        while (clock.Elapsed - quietSince < TimeSpan.FromMilliseconds(15) && clock.Elapsed < Bound)
        {
            await Task.Delay(3, TestContext.Current.CancellationToken);
            var now = value();
            if (now != last)
            {
                last = now;
                quietSince = clock.Elapsed;
            }
        }
    }
}
