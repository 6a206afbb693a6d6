using System.Globalization;
using Cortex.Internal;
using Cortex.LoadTesting.Analysis;
using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Results;

namespace Cortex.LoadTesting.Endurance.Internal;

/// <summary>Turns the samples and the timeline of a run into its <see cref="EnduranceAnalysis"/>.</summary>
internal static class EnduranceAnalyzer
{
    private const int MinSamples = 5;
    private const double Mib = 1024 * 1024;

    public static TimeSpan WarmUpOf(TargetMonitorOptions monitor, LoadTestOptions options) =>
        monitor.WarmUp ?? options.PlannedDuration * 0.2;

    public static EnduranceAnalysis Analyze(
        IReadOnlyList<ResourceSample> samples,
        IReadOnlyList<TimelinePoint> timeline,
        TargetMonitorOptions monitor,
        TimeSpan warmUp,
        string? traceFile = null,
        string? samplingError = null)
    {
        var steady = samples.Where(s => s.Elapsed >= warmUp).ToList();
        var workingSet = Fit("workingSet", steady, s => s.WorkingSetBytes, monitor);
        var gcHeap = Fit("gcHeap", steady, s => s.GcHeapBytes, monitor);
        var trends = new[] { workingSet, gcHeap }.OfType<MemoryTrend>().ToList();
        var cpu = steady.Where(s => s.CpuCores is not null).Select(s => s.CpuCores!.Value).ToList();

        var verdict = trends.Count == 0 ? LeakVerdict.Inconclusive
            : trends.Any(t => t.Verdict == LeakVerdict.Leak) ? LeakVerdict.Leak
            : trends.All(t => t.Verdict == LeakVerdict.NoLeak) ? LeakVerdict.NoLeak
            : LeakVerdict.Inconclusive;
        return new EnduranceAnalysis
        {
            Verdict = verdict,
            Reason = Reason(verdict, trends, steady.Count, samples.Count, warmUp, monitor.MaxGrowthPerMinute, samplingError),
            FailsRun = monitor.FailOnLeak && verdict == LeakVerdict.Leak,
            WarmUp = warmUp,
            MaxGrowthPerMinute = monitor.MaxGrowthPerMinute,
            WorkingSet = workingSet,
            GcHeap = gcHeap,
            MeanCpuCores = cpu.Count == 0 ? null : cpu.Average(),
            LatencyDrift = Drift(timeline.Where(p => p.Elapsed > warmUp && p.Requests > 0).ToList()),
            TraceFile = traceFile,
            SamplingError = samplingError,
            Samples = samples,
        };
    }

    /// <summary>Ordinary least squares of bytes on minutes, with the slope's standard error.</summary>
    private static MemoryTrend? Fit(string metric, List<ResourceSample> samples, Func<ResourceSample, double?> figure, TargetMonitorOptions monitor)
    {
        var points = samples.Where(s => figure(s) is not null).Select(s => (X: s.Elapsed.TotalMinutes, Y: figure(s)!.Value)).ToList();
        if (points.Count == 0)
        {
            return null;
        }

        var n = points.Count;
        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var sxx = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        var sxy = points.Sum(p => (p.X - meanX) * (p.Y - meanY));
        var syy = points.Sum(p => (p.Y - meanY) * (p.Y - meanY));
        var slope = sxx > 0 ? sxy / sxx : 0;
        var residual = Math.Max(0, syy - (slope * sxy));
        var rSquared = syy > 0 ? Math.Clamp(1 - (residual / syy), 0, 1) : 1;
        var margin = n > 2 && sxx > 0 ? StudentT975(n - 2) * Math.Sqrt(residual / (n - 2) / sxx) : double.PositiveInfinity;
        var low = slope - margin;
        var high = slope + margin;
        var verdict = n < MinSamples ? LeakVerdict.Inconclusive
            : slope > monitor.MaxGrowthPerMinute && rSquared >= monitor.MinRSquared ? LeakVerdict.Leak
            : high <= monitor.MaxGrowthPerMinute ? LeakVerdict.NoLeak
            : LeakVerdict.Inconclusive;
        return new MemoryTrend
        {
            Metric = metric,
            Samples = n,
            SlopePerMinute = slope,
            SlopeLowPerMinute = low,
            SlopeHighPerMinute = high,
            RSquared = rSquared,
            FirstBytes = points[0].Y,
            LastBytes = points[^1].Y,
            Verdict = verdict,
        };
    }

    // Student's t, 97.5 % quantile, for 1 to 30 degrees of freedom (the standard table).
    private static readonly double[] TTable =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>
    /// The 97.5 % quantile of Student's t with <paramref name="df"/> degrees of freedom: the table up to 30, the
    /// Cornish-Fisher expansion around the normal quantile above (within 0.01 % there). Written out because it is the
    /// only statistic needed here, not worth a numerics dependency.
    /// </summary>
    internal static double StudentT975(int df)
    {
        const double z = 1.959963984540054;
        return df switch
        {
            <= 0 => double.PositiveInfinity,
            <= 30 => TTable[df - 1],
            _ => z + ((Math.Pow(z, 3) + z) / (4.0 * df)) + (((5 * Math.Pow(z, 5)) + (16 * Math.Pow(z, 3)) + (3 * z)) / (96.0 * df * df))
                + (((3 * Math.Pow(z, 7)) + (19 * Math.Pow(z, 5)) + (17 * Math.Pow(z, 3)) - (15 * z)) / (384.0 * df * df * df)),
        };
    }

    private static LatencyDrift? Drift(List<TimelinePoint> points)
    {
        if (points.Count < 3)
        {
            return null;
        }

        var third = points.Count / 3;
        var early = P95(points.Take(third));
        var late = P95(points.Skip(points.Count - third));
        return early is null || late is null ? null : new LatencyDrift
        {
            EarlyP95 = early.Value,
            LateP95 = late.Value,
            Change = early.Value > 0 ? (late.Value / early.Value) - 1 : 0,
        };
    }

    private static double? P95(IEnumerable<TimelinePoint> points)
    {
        var histogram = HistogramCodec.Create();
        var fallback = new List<double>();
        foreach (var p in points)
        {
            if (p.Histogram is { } encoded)
            {
                histogram.Add(HistogramCodec.Decode(encoded));
            }
            else
            {
                fallback.Add(p.P95);
            }
        }

        // Timelines carry their histograms; one read back without them still has each interval's p95.
        return histogram.TotalCount > 0 ? HistogramCodec.Millis(histogram.GetValueAtPercentile(95))
            : fallback.Count > 0 ? fallback.Max() : null;
    }

    private static string Reason(LeakVerdict verdict, List<MemoryTrend> trends, int steady, int total, TimeSpan warmUp, double allowed, string? error)
    {
        var after = $"after a {Figures.Number(warmUp.TotalSeconds)} s warm-up";
        if (trends.Count == 0)
        {
            return total == 0
                ? $"no samples of the target's memory{(error is null ? "" : ": " + error)}"
                : $"no memory figure among the {total} samples (the metrics endpoint offers none this tool knows){(error is null ? "" : "; " + error)}";
        }

        if (steady < MinSamples)
        {
            return $"only {steady} samples {after}; at least {MinSamples} are needed (sample more often or run longer)";
        }

        var chosen = verdict switch
        {
            LeakVerdict.Leak => trends.First(t => t.Verdict == LeakVerdict.Leak),
            LeakVerdict.NoLeak => trends.MaxBy(t => t.SlopeHighPerMinute)!,
            _ => trends.First(t => t.Verdict == LeakVerdict.Inconclusive),
        };
        var name = chosen.Metric == "gcHeap" ? "GC heap" : "working set";
        var figures = string.Create(CultureInfo.InvariantCulture, $"{name} {Growth(chosen.SlopePerMinute)} (95 % CI {Growth(chosen.SlopeLowPerMinute)} to {Growth(chosen.SlopeHighPerMinute)}, R² {chosen.RSquared:0.00}, {chosen.Samples} samples) {after}; allowed {Growth(allowed)}");
        return verdict == LeakVerdict.Inconclusive
            ? figures + (chosen.SlopePerMinute > allowed ? ", but the growth is too irregular to call a leak" : ", but the interval is too wide to rule a leak out (run longer)")
            : figures;
    }

    /// <summary>A growth in MiB per minute, signed: <c>+612.5 MiB/min</c>.</summary>
    public static string Growth(double bytesPerMinute) =>
        double.IsFinite(bytesPerMinute)
            ? (bytesPerMinute >= 0 ? "+" : "") + Figures.Number(bytesPerMinute / Mib) + " MiB/min"
            : "n/a";
}
