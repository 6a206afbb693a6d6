using Cortex.Internal;
using System.Globalization;
using System.Text;
using Cortex.LoadTesting.Results;

namespace Cortex.LoadTesting.Cli.Run;

/// <summary>
/// The plain progress line written once per reporting interval when the output is not a terminal, for example
/// <c>[  5s/60s] 1,234 req  246.8 req/s  p95 12.3 ms  errors 0.00%  thresholds 2/2 ok</c>.
/// </summary>
internal static class ProgressLine
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Format(LoadTestProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var line = new StringBuilder();
        line.Append(Invariant, $"[{Clock(progress.Elapsed, progress.PlannedDuration)}] {progress.Requests:N0} req  {progress.Latest.Throughput:0.0} req/s  ")
            .Append(Invariant, $"p95 {Figures.Milliseconds(progress.P95)}  errors {ErrorRate(progress):0.00%}");
        if (progress.IterationsDropped > 0)
        {
            line.Append(Invariant, $"  dropped {progress.IterationsDropped:N0}");
        }

        return line.Append("  ").Append(Thresholds(progress.Thresholds)).ToString();
    }

    public static double ErrorRate(LoadTestProgress progress) => progress.Requests == 0 ? 0 : (double)progress.Errors / progress.Requests;

    /// <summary>How many thresholds hold so far, naming the failing ones: <c>thresholds 1/2 ok, failing p(95)&lt;200</c>.</summary>
    public static string Thresholds(IReadOnlyList<ThresholdResult> thresholds)
    {
        if (thresholds.Count == 0)
        {
            return "no thresholds";
        }

        var failing = thresholds.Where(t => !t.Passed).Select(t => t.Step is null ? t.Expression : $"{t.Expression} [{t.Step}]").ToList();
        var ok = string.Create(Invariant, $"thresholds {thresholds.Count - failing.Count}/{thresholds.Count} ok");
        return failing.Count == 0 ? ok : $"{ok}, failing {string.Join(", ", failing)}";
    }

    /// <summary>Elapsed over planned time, the elapsed part padded so the lines align: <c>  5s/60s</c>, <c>0.4s/1.2s</c>, <c>0:05:00/24:01:00</c>.</summary>
    public static string Clock(TimeSpan elapsed, TimeSpan planned)
    {
        var total = Time(planned, planned);
        return Time(elapsed, planned).PadLeft(total.Length) + "/" + total;
    }

    /// <summary>A short duration for messages: <c>1.5s</c>, <c>30s</c>, <c>2m30s</c>, <c>1h05m</c>.</summary>
    public static string Duration(TimeSpan t) => t.TotalSeconds switch
    {
        < 10 => t.TotalSeconds.ToString("0.#", Invariant) + "s",
        < 60 => t.TotalSeconds.ToString("0", Invariant) + "s",
        < 3600 => string.Create(Invariant, $"{(int)t.TotalMinutes}m{t.Seconds:00}s"),
        _ => string.Create(Invariant, $"{(int)t.TotalHours}h{t.Minutes:00}m"),
    };

    private static string Time(TimeSpan t, TimeSpan scale) => scale.TotalSeconds switch
    {
        < 10 => t.TotalSeconds.ToString("0.0", Invariant) + "s",
        < 3600 => ((long)t.TotalSeconds).ToString(Invariant) + "s",
        _ => string.Create(Invariant, $"{(long)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}"),
    };
}
