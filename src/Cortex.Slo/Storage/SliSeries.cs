using System.Numerics;
using Cortex.Internal;
using HdrHistogram;

namespace Cortex.Slo.Storage;

/// <summary>
/// The measurements of one series (requests, qdrant, zai): per-minute buckets for a recent horizon, hourly counts and
/// daily histograms beyond it, over the whole SLO window. <see cref="Record(TimeSpan, bool)"/> and
/// <see cref="RecordSeconds"/> are lock-free and allocation-free from any number of threads; <see cref="Collect"/>, the
/// queries and the snapshot methods serialise on one lock, so they may be called from any thread, though the monitor
/// calls them from its evaluation loop.
/// </summary>
/// <remarks>
/// <para>
/// Recording is one <see cref="Interlocked"/> increment of a latency bucket (HdrHistogram's layout: microseconds, 1 µs
/// to 1 h, 2 significant digits) in an array striped by processor, and one more for a failure. <see cref="Collect"/>
/// drains the stripes into the current minute. Three resolutions, each a sum of the one before:
/// <list type="bullet">
/// <item>minutes, for the minute retention (1 day by default: what the burn-rate windows under a day read): count,
/// errors, good-below count per latency threshold, p50/p95/p99 computed when the minute closes, and a histogram for each
/// of the last 61 minutes;</item>
/// <item>hours, for the whole window (the longer of retention and the SLO window, 30 days by default): count, errors,
/// good-below counts and p50/p95/p99 computed when the hour closes, plus a histogram for the hours of the minute
/// retention (at least a day);</item>
/// <item>days, for the whole window: a histogram a day, so a percentile over a week or a month merges ~30 arrays.</item>
/// </list>
/// A windowed count is minutes for the part the minutes keep and hours beyond (the oldest hour in proportion); a
/// windowed histogram merges day histograms for the days before the hour histograms, hour ones for full hours and minute
/// ones for the rest.
/// </para>
/// <para>
/// Memory is allocated up front for the columns, the stripes and two scratch arrays, lazily for histograms, and never
/// grows past <see cref="MemoryBound"/>. With M = minute retention in minutes, W = the window in minutes,
/// Hh = ⌈max(M, 1 day) / 60⌉ + 1 hour histograms, Hc = ⌈W / 60⌉ + 1 hour columns, D = ⌈W / 1440⌉ + 1 day histograms (none
/// when W fits in the hour histograms), T thresholds, B = 3,287 buckets and S = recording stripes (the processor count
/// rounded up to a power of two, at most 8):
/// <c>M × (36 + 8T) + Hc × (36 + 8T) + (Hh + D + 61) × (4B + 16) + S × 8(B + 1) + 2 × 8B</c> bytes. The defaults (1-day
/// minutes, 30-day window) with 4 thresholds: 97,920 + 49,028 + 117 × 13,164 + S × 26,304 + 52,592 = 1,792,336 bytes
/// with 2 stripes, 1,950,160 with 8: under 2 MB a series. An hour or a day with more than 2³¹ measurements widens its
/// histogram to 64-bit counts, 13 KB more for it.
/// </para>
/// </remarks>
internal sealed class SliSeries
{
    private const int MinuteHistogramSlots = 61;
    private const int PercentilesPerMinute = 3;
    private const long MinutesPerHour = 60;
    private const long MinutesPerDay = 24 * 60;

    /// <summary>The minute retention when none is given: a day, the longest burn-rate window counted minute by minute.</summary>
    public static readonly TimeSpan DefaultMinuteRetention = TimeSpan.FromDays(1);

    private static readonly int StripeCount = Math.Min((int)BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount), 8);
    private static readonly int ErrorSlot = LatencyHistograms.Buckets;

    private readonly Lock _gate = new();

    // One array per stripe: a count per latency bucket, then the failures. Only Collect resets them.
    private readonly long[][] _stripes;
    private readonly long[] _interval = new long[LatencyHistograms.Buckets];
    private readonly long[] _merged = new long[LatencyHistograms.Buckets];
    private readonly int[] _thresholdBuckets;
    private readonly MinuteRing _ring;

    // Columns, indexed by the ring's slot (good-below and percentiles: slot × width + i).
    private readonly long[] _counts;
    private readonly long[] _errors;
    private readonly long[] _goodBelow;
    private readonly float[] _percentiles;

    private readonly long[] _minuteKeys = new long[MinuteHistogramSlots];
    private readonly BucketCounts?[] _minuteHistograms = new BucketCounts?[MinuteHistogramSlots];
    private readonly long[] _hourKeys;
    private readonly BucketCounts?[] _hourHistograms;

    // Hourly counts and percentiles over the whole window (retention or the SLO window, whichever is longer), so a
    // budget over 30 days still counts what the minute columns no longer keep: 36 + 8T bytes an hour (30 days, 4
    // thresholds: 49 KB). Day histograms over the same window, for percentiles beyond the hour histograms.
    private readonly long[] _hourColumnKeys;
    private readonly long[] _hourCounts;
    private readonly long[] _hourErrors;
    private readonly long[] _hourGood;
    private readonly float[] _hourPercentiles;
    private readonly long[] _dayKeys;
    private readonly BucketCounts?[] _dayHistograms;
    private readonly long _windowMinutes;
    private long _firstMinute = MinuteRing.None;

    /// <param name="name">The series name.</param>
    /// <param name="latencyThresholds">Latency thresholds whose good-below counts are kept per bucket (index = threshold index).</param>
    /// <param name="retention">How long buckets are kept (at least a minute).</param>
    /// <param name="window">The longest window counts are asked for (the SLO window); hourly counts reach back this far when it is longer than <paramref name="retention"/>.</param>
    /// <param name="minuteRetention">How long per-minute buckets are kept, at most the history; <see langword="null"/> for <see cref="DefaultMinuteRetention"/>.</param>
    public SliSeries(string name, IReadOnlyList<TimeSpan> latencyThresholds, TimeSpan retention, TimeSpan? window = null, TimeSpan? minuteRetention = null)
    {
        Name = name;
        LatencyThresholds = latencyThresholds;
        Retention = retention;
        var layout = SeriesLayout.Of(retention, window, minuteRetention);
        _thresholdBuckets = [.. latencyThresholds.Select(t => LatencyHistograms.IndexOf(LatencyHistograms.ToMicros(t)))];
        _stripes = [.. Enumerable.Range(0, StripeCount).Select(_ => new long[LatencyHistograms.Buckets + 1])];
        _ring = new MinuteRing(TimeSpan.FromMinutes(layout.Minutes));
        _counts = new long[_ring.Capacity];
        _errors = new long[_ring.Capacity];
        _goodBelow = new long[_ring.Capacity * _thresholdBuckets.Length];
        _percentiles = new float[_ring.Capacity * PercentilesPerMinute];
        _hourKeys = new long[layout.HourHistograms];
        _hourHistograms = new BucketCounts?[layout.HourHistograms];
        Array.Fill(_minuteKeys, MinuteRing.None);
        Array.Fill(_hourKeys, MinuteRing.None);
        _windowMinutes = layout.WindowMinutes;
        _hourColumnKeys = new long[layout.HourColumns];
        _hourCounts = new long[layout.HourColumns];
        _hourErrors = new long[layout.HourColumns];
        _hourGood = new long[layout.HourColumns * _thresholdBuckets.Length];
        _hourPercentiles = new float[layout.HourColumns * PercentilesPerMinute];
        Array.Fill(_hourColumnKeys, MinuteRing.None);
        _dayKeys = new long[layout.DayHistograms];
        _dayHistograms = new BucketCounts?[layout.DayHistograms];
        Array.Fill(_dayKeys, MinuteRing.None);
    }

    /// <summary>Gets how long per-minute buckets are kept.</summary>
    public TimeSpan MinuteRetention => TimeSpan.FromMinutes(_ring.Capacity);

    /// <summary>Gets how far back counts reach (the longer of retention and the window), in whole minutes.</summary>
    public TimeSpan Window => TimeSpan.FromMinutes(_windowMinutes);

    public string Name { get; }

    public IReadOnlyList<TimeSpan> LatencyThresholds { get; }

    public TimeSpan Retention { get; }

    /// <summary>Gets the start of the oldest bucket kept, or null. A bucket exists for every minute <see cref="Collect"/> was called in, with or without measurements.</summary>
    public DateTimeOffset? FirstDataAt
    {
        get
        {
            lock (_gate)
            {
                return _ring.First == MinuteRing.None ? null : MinuteRing.StartOf(_ring.First);
            }
        }
    }

    /// <summary>Gets the bytes the arrays of the series hold; at most <see cref="MemoryBound"/>.</summary>
    public long EstimatedBytes
    {
        get
        {
            lock (_gate)
            {
                var bytes = _ring.EstimatedBytes
                    + (((long)_counts.Length + _errors.Length + _goodBelow.Length + _interval.Length + _merged.Length) * sizeof(long))
                    + ((long)_percentiles.Length * sizeof(float))
                    + ((long)(_minuteKeys.Length + _hourKeys.Length) * (sizeof(long) + IntPtr.Size))
                    + _stripes.Sum(stripe => (long)stripe.Length * sizeof(long))
                    + (((long)_hourColumnKeys.Length + _hourCounts.Length + _hourErrors.Length + _hourGood.Length) * sizeof(long))
                    + ((long)_hourPercentiles.Length * sizeof(float))
                    + ((long)_dayKeys.Length * (sizeof(long) + IntPtr.Size));
                foreach (var histogram in _minuteHistograms.Concat(_hourHistograms).Concat(_dayHistograms))
                {
                    bytes += histogram?.Bytes ?? 0;
                }

                return bytes;
            }
        }
    }

    /// <summary>The most <see cref="EstimatedBytes"/> can reach for a series with these windows and this many thresholds (see the remarks on the class).</summary>
    public static long MemoryBound(TimeSpan retention, int thresholds, TimeSpan? window = null, TimeSpan? minuteRetention = null)
    {
        var layout = SeriesLayout.Of(retention, window, minuteRetention);
        var buckets = (long)LatencyHistograms.Buckets;
        var perBucket = (3 * sizeof(long)) + (PercentilesPerMinute * sizeof(float)) + (thresholds * sizeof(long));
        var histograms = layout.HourHistograms + layout.DayHistograms + MinuteHistogramSlots;
        return ((long)layout.Minutes * perBucket)
            + ((long)layout.HourColumns * perBucket)
            + (histograms * ((buckets * sizeof(int)) + sizeof(long) + IntPtr.Size))
            + (StripeCount * (buckets + 1) * sizeof(long))
            + (2 * buckets * sizeof(long));
    }

    public void Record(TimeSpan duration, bool success) => RecordMicros(LatencyHistograms.ToMicros(duration), success);

    public void RecordSeconds(double seconds, bool success) => RecordMicros(LatencyHistograms.ToMicros(seconds), success);

    /// <summary>
    /// Moves everything recorded since the last call into the bucket of the minute containing <paramref name="now"/>;
    /// closes finished minutes and hours; drops what is past retention. A <paramref name="now"/> earlier than the
    /// current minute (a clock that stepped back) adds to the current minute.
    /// </summary>
    public void Collect(DateTimeOffset now)
    {
        lock (_gate)
        {
            var minute = MinuteRing.MinuteOf(now);
            if (_ring.Current != MinuteRing.None && minute > _ring.Current)
            {
                ClosePercentiles(_ring.Current);
                if (FloorDiv(minute, MinutesPerHour) > FloorDiv(_ring.Current, MinutesPerHour))
                {
                    CloseHour(FloorDiv(_ring.Current, MinutesPerHour));
                }
            }

            var slot = _ring.Advance(minute, out var opened);
            if (opened)
            {
                OpenMinute(slot, minute);
            }

            var (errors, total, first, last) = Drain();
            _counts[slot] += total;
            _errors[slot] += errors;
            _firstMinute = _firstMinute == MinuteRing.None ? _ring.Current : Math.Max(Math.Min(_firstMinute, _ring.Current), _ring.Current - _windowMinutes + 1);
            var column = HourColumn(FloorDiv(_ring.Current, MinutesPerHour));
            _hourCounts[column] += total;
            _hourErrors[column] += errors;
            if (total > 0)
            {
                for (var t = 0; t < _thresholdBuckets.Length; t++)
                {
                    long good = 0;
                    for (var i = first; i <= Math.Min(last, _thresholdBuckets[t]); i++)
                    {
                        good += _interval[i];
                    }

                    _goodBelow[(slot * _thresholdBuckets.Length) + t] += good;
                    _hourGood[(column * _thresholdBuckets.Length) + t] += good;
                }

                HistogramAt(_minuteKeys, _minuteHistograms, _ring.Current).Add(_interval, first, last, total);
                HistogramAt(_hourKeys, _hourHistograms, FloorDiv(_ring.Current, MinutesPerHour)).Add(_interval, first, last, total);
                if (_dayKeys.Length > 0)
                {
                    HistogramAt(_dayKeys, _dayHistograms, FloorDiv(_ring.Current, MinutesPerDay)).Add(_interval, first, last, total);
                }
            }
        }
    }

    /// <summary>When the first request still kept was recorded (the start of its minute); null before any.</summary>
    public DateTimeOffset? FirstRecorded
    {
        get
        {
            lock (_gate)
            {
                return _firstMinute == MinuteRing.None ? null : MinuteRing.StartOf(_firstMinute);
            }
        }
    }

    /// <summary>
    /// How much of [<paramref name="start"/>, <paramref name="end"/>) the series was recording: from the later of the start
    /// and the first request kept. Rates divide by it, so the minute traffic started in, or the hour still running, is not
    /// divided by a whole minute or hour. The one measure of covered time (the throughput SLO, the trends).
    /// </summary>
    public TimeSpan Covered(DateTimeOffset start, DateTimeOffset end)
    {
        lock (_gate)
        {
            return CoveredLocked(start, end);
        }
    }

    /// <summary>Counts over the buckets whose minute overlaps (now - window, now], the current partial minute included.</summary>
    public WindowCounts Counts(TimeSpan window, DateTimeOffset now)
    {
        lock (_gate)
        {
            long count = 0, errors = 0;
            var good = new long[_thresholdBuckets.Length];
            var (first, last) = _ring.Range(window, now);
            for (var minute = first; minute <= last; minute++)
            {
                var slot = _ring.SlotOf(minute);
                if (slot < 0)
                {
                    continue;
                }

                count += _counts[slot];
                errors += _errors[slot];
                for (var i = 0; i < good.Length; i++)
                {
                    good[i] += _goodBelow[(slot * good.Length) + i];
                }
            }

            if (_ring.Current != MinuteRing.None && _firstMinute != MinuteRing.None)
            {
                var newest = Math.Max(MinuteRing.MinuteOf(now), _ring.Current);
                var from = window >= TimeSpan.FromMinutes(_windowMinutes) ? newest - _windowMinutes + 1 : MinuteRing.MinuteOf(now - window);
                from = Math.Max(Math.Max(from, newest - _windowMinutes + 1), _firstMinute);
                var fineOldest = _ring.Current - _ring.Capacity + 1;
                if (from < fineOldest)
                {
                    AddEvicted(from, fineOldest - 1, ref count, ref errors, good);
                }

            }

            var start = window >= now - DateTimeOffset.MinValue ? DateTimeOffset.MinValue : now - window;
            return new WindowCounts(count, errors, good, CoveredLocked(start, now));
        }
    }

    private TimeSpan CoveredLocked(DateTimeOffset start, DateTimeOffset end)
    {
        if (_firstMinute == MinuteRing.None)
        {
            return TimeSpan.Zero;
        }

        var since = MinuteRing.StartOf(_firstMinute);
        var covered = end - (since > start ? since : start);
        return covered > TimeSpan.Zero ? covered : TimeSpan.Zero;
    }

    // Adds the minutes [from, to], which the minute columns no longer keep, from the hourly counts: an hour's count less
    // what its minutes still kept hold, in proportion to the part of the evicted span that is in the window.
    private void AddEvicted(long from, long to, ref long count, ref long errors, long[] good)
    {
        for (var hour = FloorDiv(from, MinutesPerHour); hour <= FloorDiv(to, MinutesPerHour); hour++)
        {
            var column = SlotIndex(_hourColumnKeys, hour);
            if (_hourColumnKeys[column] != hour)
            {
                continue;
            }

            long c = _hourCounts[column], e = _hourErrors[column];
            var g = new long[good.Length];
            for (var i = 0; i < g.Length; i++)
            {
                g[i] = _hourGood[(column * g.Length) + i];
            }

            var hourStart = hour * MinutesPerHour;
            for (var minute = Math.Max(hourStart, to + 1); minute < hourStart + MinutesPerHour; minute++)
            {
                var slot = _ring.SlotOf(minute);
                if (slot >= 0)
                {
                    c -= _counts[slot];
                    e -= _errors[slot];
                    for (var i = 0; i < g.Length; i++)
                    {
                        g[i] -= _goodBelow[(slot * g.Length) + i];
                    }
                }
            }

            var evictedFrom = Math.Max(hourStart, _firstMinute);
            var evictedTo = Math.Min(hourStart + MinutesPerHour - 1, to);
            var inWindow = evictedTo - Math.Max(evictedFrom, from) + 1;
            var share = evictedTo < evictedFrom ? 0 : Math.Clamp((double)inWindow / (evictedTo - evictedFrom + 1), 0, 1);
            count += Share(c);
            errors += Share(e);
            for (var i = 0; i < g.Length; i++)
            {
                good[i] += Share(g[i]);
            }

            long Share(long value) => share >= 1 ? value : (long)Math.Round(value * share);
        }
    }

    private int HourColumn(long hour)
    {
        var column = SlotIndex(_hourColumnKeys, hour);
        if (_hourColumnKeys[column] != hour)
        {
            _hourColumnKeys[column] = hour;
            _hourCounts[column] = 0;
            _hourErrors[column] = 0;
            Array.Clear(_hourGood, column * _thresholdBuckets.Length, _thresholdBuckets.Length);
            Array.Clear(_hourPercentiles, column * PercentilesPerMinute, PercentilesPerMinute);
        }

        return column;
    }

    /// <summary>
    /// The merged latency histogram (microseconds) over the buckets whose minute overlaps (now - window, now]: day
    /// histograms before the hour histograms, hour histograms for full hours, minute ones for a partial hour within the
    /// last 60 minutes. A partial hour further back (only its hour histogram is left), or a partial day before the hour
    /// histograms, is counted whole when at least half of it is in the window, and not at all otherwise.
    /// </summary>
    public HistogramBase Histogram(TimeSpan window, DateTimeOffset now)
    {
        lock (_gate)
        {
            Merge(window, now);
            return LatencyHistograms.ToHistogram(_merged);
        }
    }

    /// <summary>
    /// The latency at each of <paramref name="percentiles"/> (0 to 100), in milliseconds, over the same buckets as
    /// <see cref="Histogram"/> and as HdrHistogram computes it, without building a histogram; zeros without data.
    /// </summary>
    public double[] PercentilesMs(TimeSpan window, DateTimeOffset now, params ReadOnlySpan<double> percentiles)
    {
        lock (_gate)
        {
            var total = Merge(window, now);
            var values = new double[percentiles.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = LatencyHistograms.ToMillis(LatencyHistograms.ValueAtPercentile(_merged, total, percentiles[i]));
            }

            return values;
        }
    }

    /// <summary>
    /// One point per minute with a bucket between the two times, or one per hour with buckets when
    /// <paramref name="resolution"/> is an hour or more (counts of the whole hour, percentiles from its histogram).
    /// Minute points keep their percentiles after their histograms are gone.
    /// </summary>
    public IReadOnlyList<SeriesPoint> Points(DateTimeOffset from, DateTimeOffset to, TimeSpan resolution)
    {
        lock (_gate)
        {
            var points = new List<SeriesPoint>();
            if (to < from)
            {
                return points;
            }

            var (first, last) = _ring.Range(to - from, to);
            if (resolution >= TimeSpan.FromHours(1))
            {
                // Hours older than the minute columns come from the hourly counts and the percentiles kept when the hour closed.
                var oldest = Math.Max(Math.Max(MinuteRing.MinuteOf(from), _firstMinute), _ring.Current - _windowMinutes + 1);
                var fineOldest = _ring.Current - _ring.Capacity + 1;
                for (var hour = FloorDiv(oldest, MinutesPerHour); _firstMinute != MinuteRing.None && hour < FloorDiv(Math.Min(first, fineOldest), MinutesPerHour); hour++)
                {
                    var column = SlotIndex(_hourColumnKeys, hour);
                    if (_hourColumnKeys[column] == hour)
                    {
                        var (p50, p95, p99) = HourPercentiles(hour, column);
                        points.Add(new SeriesPoint(MinuteRing.StartOf(hour * MinutesPerHour), TimeSpan.FromHours(1), _hourCounts[column], _hourErrors[column], p50, p95, p99));
                    }
                }

                for (var hour = FloorDiv(first, MinutesPerHour); first <= last && hour <= FloorDiv(last, MinutesPerHour); hour++)
                {
                    AddHourPoint(points, hour);
                }

                return points;
            }

            for (var minute = first; minute <= last; minute++)
            {
                var slot = _ring.SlotOf(minute);
                if (slot >= 0)
                {
                    var (p50, p95, p99) = minute == _ring.Current ? Percentiles(Find(_minuteKeys, _minuteHistograms, minute)) : Stored(slot);
                    points.Add(new SeriesPoint(MinuteRing.StartOf(minute), TimeSpan.FromMinutes(1), _counts[slot], _errors[slot], p50, p95, p99));
                }
            }

            return points;
        }
    }

    /// <summary>Everything kept, for <see cref="SloSnapshot"/>; the current minute's percentiles as they are now.</summary>
    public SeriesSnapshot ToSnapshot()
    {
        lock (_gate)
        {
            var minutes = _ring.Kept();
            var slots = minutes.Select(_ring.SlotOf).ToArray();
            var good = new long[_thresholdBuckets.Length][];
            for (var i = 0; i < good.Length; i++)
            {
                good[i] = [.. slots.Select(slot => _goodBelow[(slot * _thresholdBuckets.Length) + i])];
            }

            var percentiles = minutes.Select(minute => minute == _ring.Current
                ? Percentiles(Find(_minuteKeys, _minuteHistograms, minute))
                : Stored(_ring.SlotOf(minute))).ToArray();
            return new SeriesSnapshot(
                Name,
                [.. _thresholdBuckets.Select(LatencyHistograms.LowestOf)],
                [.. minutes],
                [.. slots.Select(slot => _counts[slot])],
                [.. slots.Select(slot => _errors[slot])],
                good,
                [.. percentiles.Select(p => p.P50)],
                [.. percentiles.Select(p => p.P95)],
                [.. percentiles.Select(p => p.P99)],
                Encode(_minuteKeys, _minuteHistograms, minute => minute > _ring.Current - MinuteHistogramSlots),
                Encode(_hourKeys, _hourHistograms, hour => hour > FloorDiv(_ring.Current, MinutesPerHour) - _hourKeys.Length),
                _firstMinute == MinuteRing.None ? null : _firstMinute,
                HourColumnsToSnapshot(),
                Encode(_dayKeys, _dayHistograms, day => day >= FloorDiv(_ring.Current - _windowMinutes + 1, MinutesPerDay)));
        }
    }

    private HourColumnsSnapshot HourColumnsToSnapshot()
    {
        var oldest = FloorDiv(_ring.Current - _windowMinutes + 1, MinutesPerHour);
        var columns = Enumerable.Range(0, _hourColumnKeys.Length)
            .Where(c => _hourColumnKeys[c] != MinuteRing.None && _hourColumnKeys[c] >= oldest)
            .OrderBy(c => _hourColumnKeys[c])
            .ToArray();
        var width = _thresholdBuckets.Length;
        return new HourColumnsSnapshot(
            [.. columns.Select(c => _hourColumnKeys[c])],
            [.. columns.Select(c => _hourCounts[c])],
            [.. columns.Select(c => _hourErrors[c])],
            [.. Enumerable.Range(0, width).Select(t => columns.Select(c => _hourGood[(c * width) + t]).ToArray())],
            [.. columns.Select(c => _hourPercentiles[c * PercentilesPerMinute])],
            [.. columns.Select(c => _hourPercentiles[(c * PercentilesPerMinute) + 1])],
            [.. columns.Select(c => _hourPercentiles[(c * PercentilesPerMinute) + 2])]);
    }

    /// <summary>
    /// Checks a snapshot and decodes its histograms without changing anything; throws <see cref="InvalidDataException"/>
    /// (or what base64 and HdrHistogram throw) when it is inconsistent.
    /// </summary>
    public static DecodedSeries Decode(SeriesSnapshot snapshot)
    {
        var length = snapshot.Minutes?.Length ?? throw new InvalidDataException("A series without minutes.");
        if (snapshot.Name is null || snapshot.ThresholdsMicros is null || snapshot.GoodBelow is null
            || snapshot.Counts?.Length != length || snapshot.Errors?.Length != length
            || snapshot.P50Ms?.Length != length || snapshot.P95Ms?.Length != length || snapshot.P99Ms?.Length != length
            || snapshot.GoodBelow.Length != snapshot.ThresholdsMicros.Length || snapshot.GoodBelow.Any(column => column?.Length != length)
            || snapshot.MinuteHistograms is null || snapshot.HourHistograms is null)
        {
            throw new InvalidDataException($"The columns of series '{snapshot.Name}' do not have one value per minute.");
        }

        if (snapshot.HourColumns is { } hours)
        {
            var count = hours.Hours?.Length ?? throw new InvalidDataException($"The hourly counts of series '{snapshot.Name}' have no hours.");
            if (hours.Counts?.Length != count || hours.Errors?.Length != count || hours.P50Ms?.Length != count || hours.P95Ms?.Length != count || hours.P99Ms?.Length != count
                || hours.GoodBelow?.Length != snapshot.ThresholdsMicros.Length || hours.GoodBelow.Any(column => column?.Length != count))
            {
                throw new InvalidDataException($"The hourly counts of series '{snapshot.Name}' do not have one value per hour.");
            }
        }

        return new DecodedSeries(snapshot, Decode(snapshot.MinuteHistograms), Decode(snapshot.HourHistograms), Decode(snapshot.DayHistograms ?? []));
    }

    /// <summary>
    /// Restores a decoded snapshot into this series, which should be freshly constructed; what the minute retention and
    /// the window no longer keep is skipped. Good-below counts of a threshold the snapshot did not have are estimated from
    /// the histograms. A snapshot without hourly counts (written before they were saved) has them rebuilt from its minutes.
    /// </summary>
    public void Restore(DecodedSeries decoded)
    {
        var snapshot = decoded.Snapshot;
        if (snapshot.Minutes.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            var newest = snapshot.Minutes.Max();
            var oldest = newest - _windowMinutes + 1;
            foreach (var (hour, histogram) in decoded.Hours.Where(h => h.Key > FloorDiv(newest, MinutesPerHour) - _hourKeys.Length))
            {
                Place(_hourKeys, _hourHistograms, hour, histogram);
            }

            foreach (var (minute, histogram) in decoded.Minutes.Where(m => m.Key > newest - MinuteHistogramSlots))
            {
                Place(_minuteKeys, _minuteHistograms, minute, histogram);
            }

            RestoreDays(decoded, oldest);
            var sources = _thresholdBuckets.Select(b => Array.IndexOf(snapshot.ThresholdsMicros, LatencyHistograms.LowestOf(b))).ToArray();
            var hours = snapshot.HourColumns;
            if (hours is not null)
            {
                RestoreHours(hours, sources, oldest);
            }

            for (var i = 0; i < snapshot.Minutes.Length; i++)
            {
                var minute = snapshot.Minutes[i];
                if (minute < oldest)
                {
                    continue;
                }

                _firstMinute = _firstMinute == MinuteRing.None ? minute : Math.Min(_firstMinute, minute);
                var good = new long[_thresholdBuckets.Length];
                for (var t = 0; t < good.Length; t++)
                {
                    good[t] = sources[t] >= 0 ? snapshot.GoodBelow[sources[t]][i] : EstimateGoodBelow(minute, snapshot.Counts[i], _thresholdBuckets[t]);
                }

                if (hours is null)
                {
                    var column = HourColumn(FloorDiv(minute, MinutesPerHour));
                    _hourCounts[column] += snapshot.Counts[i];
                    _hourErrors[column] += snapshot.Errors[i];
                    for (var t = 0; t < good.Length; t++)
                    {
                        _hourGood[(column * good.Length) + t] += good[t];
                    }
                }

                if (minute <= newest - _ring.Capacity)
                {
                    continue;
                }

                var slot = _ring.Restore(minute);
                _counts[slot] = snapshot.Counts[i];
                _errors[slot] = snapshot.Errors[i];
                _percentiles[slot * PercentilesPerMinute] = snapshot.P50Ms[i];
                _percentiles[(slot * PercentilesPerMinute) + 1] = snapshot.P95Ms[i];
                _percentiles[(slot * PercentilesPerMinute) + 2] = snapshot.P99Ms[i];
                good.CopyTo(_goodBelow, slot * good.Length);
            }

            if (snapshot.FirstMinute is { } firstMinute && firstMinute < _firstMinute)
            {
                _firstMinute = Math.Max(firstMinute, oldest);
            }

            if (hours is null)
            {
                foreach (var (hour, _) in decoded.Hours.Where(h => h.Key < FloorDiv(newest, MinutesPerHour)))
                {
                    CloseHour(hour);
                }
            }

            _ring.Expire();
        }
    }

    private void RestoreHours(HourColumnsSnapshot hours, int[] sources, long oldest)
    {
        for (var i = 0; i < hours.Hours.Length; i++)
        {
            var hour = hours.Hours[i];
            if (hour < FloorDiv(oldest, MinutesPerHour))
            {
                continue;
            }

            var column = HourColumn(hour);
            _hourCounts[column] = hours.Counts[i];
            _hourErrors[column] = hours.Errors[i];
            _hourPercentiles[column * PercentilesPerMinute] = hours.P50Ms[i];
            _hourPercentiles[(column * PercentilesPerMinute) + 1] = hours.P95Ms[i];
            _hourPercentiles[(column * PercentilesPerMinute) + 2] = hours.P99Ms[i];
            var histogram = Find(_hourKeys, _hourHistograms, hour) ?? Find(_dayKeys, _dayHistograms, FloorDiv(hour * MinutesPerHour, MinutesPerDay));
            for (var t = 0; t < _thresholdBuckets.Length; t++)
            {
                _hourGood[(column * _thresholdBuckets.Length) + t] = sources[t] >= 0
                    ? hours.GoodBelow[sources[t]][i]
                    : EstimateBelow(histogram, hours.Counts[i], _thresholdBuckets[t]);
            }

            _firstMinute = _firstMinute == MinuteRing.None ? hour * MinutesPerHour : Math.Min(_firstMinute, hour * MinutesPerHour);
        }
    }

    // Day histograms from the snapshot, or, from a snapshot without them, summed from its hour histograms.
    private void RestoreDays(DecodedSeries decoded, long oldest)
    {
        if (_dayKeys.Length == 0)
        {
            return;
        }

        if (decoded.Snapshot.DayHistograms is not null)
        {
            foreach (var (day, histogram) in decoded.Days.Where(d => d.Key >= FloorDiv(oldest, MinutesPerDay)))
            {
                Place(_dayKeys, _dayHistograms, day, histogram);
            }

            return;
        }

        foreach (var (hour, histogram) in decoded.Hours.Where(h => h.Key * MinutesPerHour >= oldest))
        {
            Array.Clear(_merged);
            histogram.AddTo(_merged);
            HistogramAt(_dayKeys, _dayHistograms, FloorDiv(hour * MinutesPerHour, MinutesPerDay)).Add(_merged, 0, _merged.Length - 1, histogram.Total);
        }
    }

    private static long FloorDiv(long value, long divisor) => value >= 0 ? value / divisor : ((value + 1) / divisor) - 1;

    private static int SlotIndex(long[] keys, long key) => (int)(((key % keys.Length) + keys.Length) % keys.Length);

    private static BucketCounts? Find(long[] keys, BucketCounts?[] histograms, long key)
    {
        var slot = SlotIndex(keys, key);
        return keys[slot] == key ? histograms[slot] : null;
    }

    // Claims the slot of a new minute or hour; its previous histogram is reset for reuse.
    private static void Open(long[] keys, BucketCounts?[] histograms, long key)
    {
        var slot = SlotIndex(keys, key);
        if (keys[slot] != key)
        {
            keys[slot] = key;
            histograms[slot]?.Reset();
        }
    }

    private static BucketCounts HistogramAt(long[] keys, BucketCounts?[] histograms, long key)
    {
        Open(keys, histograms, key);
        var slot = SlotIndex(keys, key);
        return histograms[slot] ??= new BucketCounts();
    }

    private static void Place(long[] keys, BucketCounts?[] histograms, long key, BucketCounts histogram)
    {
        var slot = SlotIndex(keys, key);
        keys[slot] = key;
        histograms[slot] = histogram;
    }

    private static KeyValuePair<long, BucketCounts>[] Decode(IReadOnlyList<HistogramSnapshot> histograms)
    {
        var decoded = new KeyValuePair<long, BucketCounts>[histograms.Count];
        for (var i = 0; i < decoded.Length; i++)
        {
            var data = histograms[i]?.Data ?? throw new InvalidDataException("A histogram without data.");
            var counts = LatencyHistograms.ReadCounts(HistogramBase64.Decode(data, LatencyHistograms.Highest));
            var histogram = new BucketCounts();
            histogram.Add(counts, 0, counts.Length - 1, counts.Sum());
            decoded[i] = KeyValuePair.Create(histograms[i].Key, histogram);
        }

        return decoded;
    }

    private void RecordMicros(long micros, bool success)
    {
        var stripe = _stripes[Thread.GetCurrentProcessorId() & (_stripes.Length - 1)];
        Interlocked.Increment(ref stripe[LatencyHistograms.IndexOf(micros)]);
        if (!success)
        {
            Interlocked.Increment(ref stripe[ErrorSlot]);
        }
    }

    // Moves the stripes' counts into _interval. Failures are taken first: Record counts a value before its failure (in
    // the same stripe), so a failure is never collected ahead of its value, at worst one interval behind.
    private (long Errors, long Total, int First, int Last) Drain()
    {
        long errors = 0, total = 0;
        foreach (var stripe in _stripes)
        {
            if (Volatile.Read(ref stripe[ErrorSlot]) != 0)
            {
                errors += Interlocked.Exchange(ref stripe[ErrorSlot], 0);
            }
        }

        Array.Clear(_interval);
        int first = int.MaxValue, last = -1;
        foreach (var stripe in _stripes)
        {
            for (var i = 0; i < ErrorSlot; i++)
            {
                if (Volatile.Read(ref stripe[i]) != 0)
                {
                    var count = Interlocked.Exchange(ref stripe[i], 0);
                    _interval[i] += count;
                    total += count;
                    (first, last) = (Math.Min(first, i), Math.Max(last, i));
                }
            }
        }

        return (errors, total, first, last);
    }

    // Sums into _merged the histograms covering the window (see Histogram); returns the number of values.
    private long Merge(TimeSpan window, DateTimeOffset now)
    {
        Array.Clear(_merged);
        long total = 0;
        if (_ring.Current == MinuteRing.None || _firstMinute == MinuteRing.None)
        {
            return 0;
        }

        var last = Math.Min(MinuteRing.MinuteOf(now), _ring.Current);
        var newest = Math.Max(MinuteRing.MinuteOf(now), _ring.Current);
        var first = window >= TimeSpan.FromMinutes(_windowMinutes) ? newest - _windowMinutes + 1 : MinuteRing.MinuteOf(now - window);
        first = Math.Max(Math.Max(first, newest - _windowMinutes + 1), _firstMinute);

        // Days before the first whole day the hour histograms still cover.
        var hourHistogramsFrom = (FloorDiv(_ring.Current, MinutesPerHour) - _hourKeys.Length + 1) * MinutesPerHour;
        if (_dayKeys.Length > 0 && first < hourHistogramsFrom)
        {
            var boundary = FloorDiv(hourHistogramsFrom + MinutesPerDay - 1, MinutesPerDay) * MinutesPerDay;
            for (var day = FloorDiv(first, MinutesPerDay); day < FloorDiv(Math.Min(boundary, last + 1) + MinutesPerDay - 1, MinutesPerDay); day++)
            {
                var dayStart = day * MinutesPerDay;
                var from = Math.Max(first, dayStart);
                var to = Math.Min(last, dayStart + MinutesPerDay - 1);
                if ((from == dayStart && (to == dayStart + MinutesPerDay - 1 || to >= _ring.Current)) || to - from + 1 >= MinutesPerDay / 2)
                {
                    total += AddTo(_merged, Find(_dayKeys, _dayHistograms, day));
                }
            }

            first = Math.Max(first, boundary);
        }

        for (var hour = FloorDiv(first, MinutesPerHour); first <= last && hour <= FloorDiv(last, MinutesPerHour); hour++)
        {
            var hourStart = hour * MinutesPerHour;
            var from = Math.Max(first, hourStart);
            var to = Math.Min(last, hourStart + MinutesPerHour - 1);
            var whole = from == hourStart && (to == hourStart + MinutesPerHour - 1 || to >= _ring.Current);
            if (!whole && from > _ring.Current - MinuteHistogramSlots)
            {
                for (var minute = from; minute <= to; minute++)
                {
                    total += AddTo(_merged, Find(_minuteKeys, _minuteHistograms, minute));
                }
            }
            else if (whole || to - from + 1 >= MinutesPerHour / 2)
            {
                total += AddTo(_merged, Find(_hourKeys, _hourHistograms, hour));
            }
        }

        return total;
    }

    private static long AddTo(long[] into, BucketCounts? histogram)
    {
        histogram?.AddTo(into);
        return histogram?.Total ?? 0;
    }

    private void OpenMinute(int slot, long minute)
    {
        _counts[slot] = 0;
        _errors[slot] = 0;
        Array.Clear(_goodBelow, slot * _thresholdBuckets.Length, _thresholdBuckets.Length);
        Array.Clear(_percentiles, slot * PercentilesPerMinute, PercentilesPerMinute);
        Open(_minuteKeys, _minuteHistograms, minute);
        Open(_hourKeys, _hourHistograms, FloorDiv(minute, MinutesPerHour));
        if (_dayKeys.Length > 0)
        {
            Open(_dayKeys, _dayHistograms, FloorDiv(minute, MinutesPerDay));
        }
    }

    // An hour closed: its percentiles stay in its column after its histogram is gone.
    private void CloseHour(long hour)
    {
        var column = SlotIndex(_hourColumnKeys, hour);
        if (_hourColumnKeys[column] == hour)
        {
            var (p50, p95, p99) = Percentiles(Find(_hourKeys, _hourHistograms, hour));
            _hourPercentiles[column * PercentilesPerMinute] = p50;
            _hourPercentiles[(column * PercentilesPerMinute) + 1] = p95;
            _hourPercentiles[(column * PercentilesPerMinute) + 2] = p99;
        }
    }

    // From the hour's histogram while it is kept (the current hour's is still filling), else as stored when it closed.
    private (float P50, float P95, float P99) HourPercentiles(long hour, int column) =>
        Find(_hourKeys, _hourHistograms, hour) is { Total: > 0 } histogram
            ? Percentiles(histogram)
            : (_hourPercentiles[column * PercentilesPerMinute], _hourPercentiles[(column * PercentilesPerMinute) + 1], _hourPercentiles[(column * PercentilesPerMinute) + 2]);

    private (float P50, float P95, float P99) Percentiles(BucketCounts? histogram)
    {
        if (histogram is not { Total: > 0 })
        {
            return (0, 0, 0);
        }

        Array.Clear(_merged);
        histogram.AddTo(_merged);
        return (At(50), At(95), At(99));

        float At(double percentile) => (float)LatencyHistograms.ToMillis(LatencyHistograms.ValueAtPercentile(_merged, histogram.Total, percentile));
    }

    private (float P50, float P95, float P99) Stored(int slot) =>
        (_percentiles[slot * PercentilesPerMinute], _percentiles[(slot * PercentilesPerMinute) + 1], _percentiles[(slot * PercentilesPerMinute) + 2]);

    private void ClosePercentiles(long minute)
    {
        var slot = _ring.SlotOf(minute);
        if (slot >= 0)
        {
            var (p50, p95, p99) = Percentiles(Find(_minuteKeys, _minuteHistograms, minute));
            _percentiles[slot * PercentilesPerMinute] = p50;
            _percentiles[(slot * PercentilesPerMinute) + 1] = p95;
            _percentiles[(slot * PercentilesPerMinute) + 2] = p99;
        }
    }

    private HistogramSnapshot[] Encode(long[] keys, BucketCounts?[] histograms, Func<long, bool> kept)
    {
        var encoded = new List<HistogramSnapshot>();
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] != MinuteRing.None && kept(keys[i]) && histograms[i] is { Total: > 0 } histogram)
            {
                Array.Clear(_merged);
                histogram.AddTo(_merged);
                encoded.Add(new HistogramSnapshot(keys[i], HistogramBase64.Encode(LatencyHistograms.ToHistogram(_merged))!));
            }
        }

        return [.. encoded];
    }

    private void AddHourPoint(List<SeriesPoint> points, long hour)
    {
        long count = 0, errors = 0;
        var buckets = 0;
        for (var minute = hour * MinutesPerHour; minute < (hour + 1) * MinutesPerHour; minute++)
        {
            var slot = _ring.SlotOf(minute);
            if (slot >= 0 && minute > _ring.Current - _ring.Capacity)
            {
                count += _counts[slot];
                errors += _errors[slot];
                buckets++;
            }
        }

        if (buckets > 0)
        {
            var (p50, p95, p99) = Percentiles(Find(_hourKeys, _hourHistograms, hour));
            points.Add(new SeriesPoint(MinuteRing.StartOf(hour * MinutesPerHour), TimeSpan.FromHours(1), count, errors, p50, p95, p99));
        }
    }

    // A threshold the snapshot did not have: exact from the minute's histogram while it is kept, else the minute's
    // count in the proportion its hour's histogram has at or below the threshold.
    private long EstimateGoodBelow(long minute, long count, int thresholdBucket) =>
        EstimateBelow(Find(_minuteKeys, _minuteHistograms, minute) ?? Find(_hourKeys, _hourHistograms, FloorDiv(minute, MinutesPerHour)), count, thresholdBucket);

    private long EstimateBelow(BucketCounts? histogram, long count, int thresholdBucket)
    {
        if (count == 0 || histogram is not { Total: > 0 })
        {
            return 0;
        }

        Array.Clear(_merged);
        histogram.AddTo(_merged);
        long below = 0;
        for (var i = 0; i <= thresholdBucket; i++)
        {
            below += _merged[i];
        }

        return histogram.Total == count ? below : (long)Math.Round(count * ((double)below / histogram.Total));
    }
}

/// <summary>A checked snapshot of a series with its histograms decoded, ready for <see cref="SliSeries.Restore"/>.</summary>
internal sealed record DecodedSeries(SeriesSnapshot Snapshot, KeyValuePair<long, BucketCounts>[] Minutes, KeyValuePair<long, BucketCounts>[] Hours, KeyValuePair<long, BucketCounts>[] Days);

/// <summary>How many minutes, hour histograms, hour columns and day histograms a series keeps (see <see cref="SliSeries"/>).</summary>
internal readonly record struct SeriesLayout(int Minutes, long WindowMinutes, int HourHistograms, int HourColumns, int DayHistograms)
{
    public static SeriesLayout Of(TimeSpan retention, TimeSpan? window, TimeSpan? minuteRetention)
    {
        var history = (long)Math.Ceiling(Math.Max(retention.Ticks, (window ?? retention).Ticks) / (double)TimeSpan.TicksPerMinute);
        var minutes = (int)Math.Min((long)Math.Ceiling((minuteRetention ?? SliSeries.DefaultMinuteRetention).TotalMinutes), history);
        minutes = Math.Max(minutes, 1);
        var windowMinutes = Math.Max(minutes, history);

        // Hour histograms for at least a day, so the day histograms start at a whole day they cover.
        var hourHistograms = Hours(Math.Min(Math.Max(minutes, 24 * 60), windowMinutes));
        var days = windowMinutes > (hourHistograms - 1) * 60 ? checked((int)((windowMinutes + (24 * 60) - 1) / (24 * 60)) + 1) : 0;
        return new SeriesLayout(minutes, windowMinutes, hourHistograms, Hours(windowMinutes), days);

        static int Hours(long minutes) => checked((int)((minutes + 59) / 60) + 1);
    }
}
