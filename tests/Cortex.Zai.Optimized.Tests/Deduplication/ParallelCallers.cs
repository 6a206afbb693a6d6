namespace Cortex.Zai.Optimized.Tests.Deduplication;

/// <summary>
/// Runs callers on thread-pool threads and releases them at the same instant: each parks on one shared
/// <see cref="TaskCompletionSource"/>, which is completed only once every caller is parked.
/// </summary>
internal static class ParallelCallers
{
    public static async Task<T[]> RunAsync<T>(int callers, Func<int, Task<T>> call)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var allParked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var parked = 0;
        var tasks = new Task<T>[callers];
        for (var i = 0; i < callers; i++)
        {
            var caller = i;
            tasks[i] = Task.Run(async () =>
            {
                if (Interlocked.Increment(ref parked) == callers)
                {
                    allParked.TrySetResult();
                }

                await release.Task.ConfigureAwait(false);
                return await call(caller).ConfigureAwait(false);
            });
        }

        await allParked.Task.ConfigureAwait(false);
        release.SetResult();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }
}
