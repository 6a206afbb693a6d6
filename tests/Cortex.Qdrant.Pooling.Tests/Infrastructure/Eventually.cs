namespace Cortex.Qdrant.Pooling.Tests.Infrastructure;

/// <summary>Waits (in real time, bounded) for something that happens on another thread, such as a request reaching the server.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"Timed out waiting for: {what}");
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}
