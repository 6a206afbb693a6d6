using Cortex.Slo.Status;

namespace Cortex.Slo.Evaluation;

/// <summary>
/// Robust anomaly detection on per-minute points, one state per (series, metric).
/// </summary>
/// <remarks>
/// <para>
/// Metrics whose name starts with <c>latency_</c> (<c>latency_p95</c>, milliseconds) are analysed as log(value), so a
/// band is a ratio and a 5× shift means the same at 10 ms as at 1 s; values ≤ 0 are skipped. Every other metric
/// (<c>error_rate</c>, a fraction) is analysed as it is; negative values are skipped. Non-finite values, and points older
/// than the newest one already seen for their state, are skipped too.
/// </para>
/// <para>
/// The baseline is the <see cref="AnomalyOptions.BaselinePoints"/> points before the current one. The run of breaching
/// points in progress is left out of it, so a shift does not become its own baseline, for as long as
/// <see cref="AnomalyOptions.WarmupPoints"/> other points remain; a shift that outlasts that is taken into the recent baseline
/// as the new level, which ends its episode unless a seasonal baseline still sees it. Nothing is scored until the baseline holds <see cref="AnomalyOptions.WarmupPoints"/> points.
/// Once the state's history spans <see cref="AnomalyOptions.SeasonalAfter"/>, the baseline is instead the points within
/// 30 minutes of the same time of day on earlier days, when there are at least <see cref="AnomalyOptions.WarmupPoints"/> of them
/// (a <see cref="AnomalyOptions.SeasonalAfter"/> of zero or less turns seasonal baselines off).
/// </para>
/// <para>
/// Only upward breaches count: lower latency and fewer errors are never a problem worth paging for, and a drop
/// ends an episode like any point inside the band. An anomaly is returned by the <see cref="AnomalyOptions.ConsecutivePoints"/>-th
/// consecutive breaching point, once per episode; the episode ends at the first point that does not breach.
/// </para>
/// <para>Options are read on every call, except the history bound, which a state takes when it is created.</para>
/// </remarks>
internal sealed class AnomalyDetector(AnomalyOptions options)
{
    /// <summary>The prefix of the metrics analysed in log space.</summary>
    internal const string LatencyPrefix = "latency_";

    /// <summary>
    /// The smallest scale in log space: 0.05 is about 5 % of the latency, so with the default threshold of 4 a point must be
    /// at least ~22 % above the median to breach however steady the latency has been.
    /// </summary>
    internal const double LogLatencyScaleFloor = 0.05;

    /// <summary>
    /// The smallest scale of an error rate: half a percentage point, so with the default threshold of 4 the rate must be
    /// 2 percentage points above its baseline; without it a flat-zero rate (MAD 0) would make any single error infinite.
    /// </summary>
    internal const double ErrorRateScaleFloor = 0.005;

    private static readonly long SeasonalToleranceTicks = TimeSpan.FromMinutes(30).Ticks;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Series, string Metric), AnomalySeriesState> _states = [];
    private double[] _window = new double[256];

    public AnomalyOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>
    /// Gets the anomaly of the episode in progress for (series, metric): reported, not ended, and with a point at or after
    /// <paramref name="since"/> (a series that stopped getting points has no episode in progress); else <see langword="null"/>.
    /// </summary>
    public Anomaly? Ongoing(string series, string metric, DateTimeOffset since)
    {
        lock (_gate)
        {
            return _states.TryGetValue((series, metric), out var state) && state.Episode is { } episode && state.Count > 0 && state[state.Count - 1].At >= since
                ? episode
                : null;
        }
    }

    /// <summary>Feeds one per-minute point; returns an anomaly when it completes the configured run of consecutive breaching points (once per episode).</summary>
    public Anomaly? Observe(string series, string metric, DateTimeOffset at, double value)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(metric);
        if (!Options.Enabled)
        {
            return null;
        }

        var logScale = metric.StartsWith(LatencyPrefix, StringComparison.Ordinal);
        if (!double.IsFinite(value) || (logScale ? value <= 0 : value < 0))
        {
            return null;
        }

        var x = logScale ? Math.Log(value) : value;
        lock (_gate)
        {
            if (!_states.TryGetValue((series, metric), out var state))
            {
                state = new AnomalySeriesState(HistoryCapacity(Options));
                _states.Add((series, metric), state);
            }
            else if (at < state[state.Count - 1].At)
            {
                return null;
            }

            var floor = logScale ? LogLatencyScaleFloor : ErrorRateScaleFloor;
            var anomaly = Score(state, x, at, floor) is { } scored
                ? Judge(state, scored, series, metric, at, value, logScale)
                : EndEpisode(state);
            state.Add(at, x);
            return anomaly;
        }
    }

    /// <summary>
    /// The bound of a state's history: <see cref="AnomalyOptions.BaselinePoints"/> points when seasonal baselines are off,
    /// else <see cref="AnomalyOptions.SeasonalAfter"/> plus one day of per-minute points (4,320 with the defaults), so the
    /// seasonal window still reaches the same time of day on each earlier day once the history is long enough.
    /// </summary>
    internal static int HistoryCapacity(AnomalyOptions options)
    {
        var baseline = Math.Max(1, options.BaselinePoints);
        if (!SeasonalEnabled(options))
        {
            return baseline;
        }

        var minutes = Math.Ceiling(options.SeasonalAfter.TotalMinutes + TimeSpan.FromDays(1).TotalMinutes);
        return (int)Math.Clamp(minutes, baseline, Array.MaxLength);
    }

    private static bool SeasonalEnabled(AnomalyOptions options) =>
        options.SeasonalAfter > TimeSpan.Zero && options.SeasonalAfter < TimeSpan.MaxValue;

    private static Anomaly? EndEpisode(AnomalySeriesState state)
    {
        state.Run = 0;
        state.Reported = false;
        state.Episode = null;
        return null;
    }

    private Anomaly? Judge(AnomalySeriesState state, Scored scored, string series, string metric, DateTimeOffset at, double value, bool logScale)
    {
        if (!(scored.Score > Options.Threshold))
        {
            return EndEpisode(state);
        }

        state.Run++;
        if (state.Run < Math.Max(1, Options.ConsecutivePoints) || state.Reported)
        {
            return null;
        }

        state.Reported = true;
        return state.Episode = new Anomaly
        {
            Series = series,
            Metric = metric,
            DetectedAt = at,
            Value = value,
            Baseline = logScale ? Math.Exp(scored.Center) : scored.Center,
            Score = scored.Score,
            Method = (Options.Method == AnomalyMethod.Ewma ? "ewma" : "mad") + (scored.Seasonal ? "+seasonal" : string.Empty),
        };
    }

    /// <summary>Scores <paramref name="x"/> against its baseline; <see langword="null"/> while the baseline is still warming up.</summary>
    private Scored? Score(AnomalySeriesState state, double x, DateTimeOffset at, double floor)
    {
        var warmup = Math.Max(1, Options.WarmupPoints);
        var recent = Math.Min(state.Count, Math.Max(1, Options.BaselinePoints));
        if (recent < warmup)
        {
            return null;
        }

        // The run in progress is always the newest points of the history.
        var usable = state.Count - (recent - state.Run >= warmup ? state.Run : 0);
        EnsureWindow(state.Count);
        if (SeasonalReady(state, at) && GatherSeasonal(state, usable, at) is var sameTime && sameTime >= warmup)
        {
            return Measure(x, sameTime, floor, seasonal: true);
        }

        var count = 0;
        for (var i = state.Count - recent; i < usable; i++)
        {
            _window[count++] = state[i].Value;
        }

        return Measure(x, count, floor, seasonal: false);
    }

    private bool SeasonalReady(AnomalySeriesState state, DateTimeOffset at) =>
        SeasonalEnabled(Options) && at - state[0].At >= Options.SeasonalAfter;

    /// <summary>Copies into the window, oldest first, the usable points within 30 minutes of this time of day on earlier days.</summary>
    private int GatherSeasonal(AnomalySeriesState state, int usable, DateTimeOffset at)
    {
        var count = 0;
        for (var i = 0; i < usable; i++)
        {
            var point = state[i];
            var ago = (at - point.At).Ticks;
            var days = (ago + (TimeSpan.TicksPerDay / 2)) / TimeSpan.TicksPerDay;
            if (days >= 1 && Math.Abs(ago - (days * TimeSpan.TicksPerDay)) <= SeasonalToleranceTicks)
            {
                _window[count++] = point.Value;
            }
        }

        return count;
    }

    private Scored Measure(double x, int count, double floor, bool seasonal)
    {
        var window = _window.AsSpan(0, count);
        var (center, spread) = Options.Method == AnomalyMethod.Ewma
            ? BaselineStatistics.Ewma(window, 2.0 / (Math.Max(1, Options.BaselinePoints) + 1))
            : BaselineStatistics.MedianAndMad(window);
        return new Scored((x - center) / Math.Max(spread, floor), center, seasonal);
    }

    private void EnsureWindow(int size)
    {
        if (_window.Length < size)
        {
            _window = new double[Math.Max(size, _window.Length * 2)];
        }
    }

    private readonly record struct Scored(double Score, double Center, bool Seasonal);
}
