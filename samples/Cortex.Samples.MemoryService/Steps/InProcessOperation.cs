using Cortex.Slo;

namespace Cortex.Samples.MemoryService.Steps;

/// <summary>
/// Records a memory operation a load-test step runs inside the service (no HTTP request, so the request-duration
/// instrument does not see it) into the SLO monitor, once, as the endpoints' requests are counted.
/// </summary>
internal static class InProcessOperation
{
    public static async ValueTask MeasureAsync(SloMonitor? slo, TimeProvider time, string operation, Func<Task> action)
    {
        if (slo is null)
        {
            await action().ConfigureAwait(false);
            return;
        }

        var started = time.GetTimestamp();
        var success = false;
        try
        {
            await action().ConfigureAwait(false);
            success = true;
        }
        finally
        {
            slo.Record(operation, time.GetElapsedTime(started), success);
        }
    }
}
