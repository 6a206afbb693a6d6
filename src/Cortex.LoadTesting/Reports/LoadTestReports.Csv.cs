using System.Globalization;
using System.Text;
using Cortex.LoadTesting.Results;

namespace Cortex.LoadTesting.Reports;

public static partial class LoadTestReports
{
    private const string CsvHeader = "index,elapsed_s,interval_s,target_load,active_users,iterations_started,iterations_dropped,requests,errors,throughput,p50_ms,p95_ms,p99_ms,service_p95_ms";

    /// <summary>
    /// Writes the timeline as CSV with a header line and one line per reporting interval: <c>index, elapsed_s,
    /// interval_s, target_load, active_users, iterations_started, iterations_dropped, requests, errors, throughput,
    /// p50_ms, p95_ms, p99_ms, service_p95_ms</c>. Numbers use the invariant culture; histograms are left out.
    /// </summary>
    /// <param name="result">The result.</param>
    /// <returns>The CSV text.</returns>
    public static string ToCsv(LoadTestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new StringBuilder(CsvHeader).Append('\n');
        foreach (var p in result.Timeline)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{p.Index},{p.Elapsed.TotalSeconds},{p.Interval.TotalSeconds},{p.TargetLoad},{p.ActiveUsers},{p.IterationsStarted},{p.IterationsDropped},{p.Requests},{p.Errors},{p.Throughput},{p.P50},{p.P95},{p.P99},{p.ServiceP95}\n");
        }

        return csv.ToString();
    }
}
