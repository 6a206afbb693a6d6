using System.Globalization;

namespace Cortex.LoadTesting.Endurance.Internal;

/// <summary>
/// Checks <see cref="TargetMonitorOptions"/>; every message starts with the JSON path of its field. That it has a source
/// (metrics or pid) is checked when the run starts, so that a file may leave them to the command line.
/// </summary>
internal static class MonitorChecks
{
    public static IEnumerable<string> Validate(TargetMonitorOptions m)
    {
        if (m.MetricsUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            yield return $"monitor.metrics must be an absolute http:// or https:// URL (was '{url.OriginalString}')";
        }

        if (m.ProcessId is { } pid && pid <= 0)
        {
            yield return $"monitor.pid must be a process id > 0 (was {pid})";
        }

        if (m.SampleInterval < TimeSpan.FromMilliseconds(100) || m.SampleInterval > TimeSpan.FromMinutes(10))
        {
            yield return $"monitor.sampleInterval must be from 0.1 s to 10 min (was {Seconds(m.SampleInterval)})";
        }

        if (m.WarmUp is { } warmUp && (warmUp < TimeSpan.Zero || warmUp > TimeSpan.FromDays(7)))
        {
            yield return $"monitor.warmUp must be from 0 to 7 days (was {Seconds(warmUp)})";
        }

        if (!(m.MaxGrowthPerMinute > 0) || !double.IsFinite(m.MaxGrowthPerMinute))
        {
            yield return $"monitor.maxGrowthMBPerMinute must be > 0 (was {(m.MaxGrowthPerMinute / (1024 * 1024)).ToString("0.###", CultureInfo.InvariantCulture)})";
        }

        if (m.MinRSquared is < 0 or > 1 || double.IsNaN(m.MinRSquared))
        {
            yield return $"monitor.minRSquared must be from 0 to 1 (was {m.MinRSquared.ToString("0.###", CultureInfo.InvariantCulture)})";
        }

        if (m.TraceFile is not null && m.ProcessId is null)
        {
            yield return "monitor.trace needs monitor.pid, the process to trace";
        }

        if (m.TraceFile is { } trace && string.IsNullOrWhiteSpace(trace))
        {
            yield return "monitor.trace must be a file path";
        }
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
