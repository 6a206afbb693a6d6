using System.Diagnostics;

namespace Cortex.Slo.Tests.Support;

/// <summary>Waits, in real time and for 5 s at most, for what another thread does (a loop running, a message arriving).</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5), $"Gave up after 5 s waiting for {what}");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
