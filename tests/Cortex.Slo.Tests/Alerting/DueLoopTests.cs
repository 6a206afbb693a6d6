using Cortex.Slo.Alerting;
using Cortex.Slo.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Slo.Tests.Alerting;

/// <summary>The loop under the dispatcher and every outbox, on a clock that moves at every read as the system clock does.</summary>
public sealed class DueLoopTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Wake_ClockMovingAsARealOne_RunsTheStepAgain(bool somethingDueIn4Hours)
    {
        var clock = new FakeTimeProvider(AlertingHarness.Epoch) { AutoAdvanceAmount = TimeSpan.FromTicks(1) };
        var steps = 0;
        var loop = new DueLoop(
            clock,
            (now, _) =>
            {
                Interlocked.Increment(ref steps);
                return Task.FromResult<DateTimeOffset?>(somethingDueIn4Hours ? now + TimeSpan.FromHours(4) : null);
            },
            ex => Assert.Fail(ex.ToString()));
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => loop.RunAsync(stop.Token), TestContext.Current.CancellationToken);
        try
        {
            await Poll.UntilAsync(() => Volatile.Read(ref steps) == 1, "the first step");

            loop.Wake();

            await Poll.UntilAsync(() => Volatile.Read(ref steps) == 2, "the woken loop to run its step");
            await Poll.UntilAsync(() => loop.IsIdle, "the loop to sleep");
            Assert.Equal(2, Volatile.Read(ref steps));
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }
}
