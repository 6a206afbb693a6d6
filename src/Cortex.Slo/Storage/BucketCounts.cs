namespace Cortex.Slo.Storage;

/// <summary>
/// A stored latency histogram (a minute's or an hour's): counts per <see cref="LatencyHistograms"/> bucket in 32-bit
/// integers, widened to 64-bit once its total could overflow them (more than 2³¹ values, ≈ 600,000 a second for an hour).
/// Remembers the range of buckets in use, so merging a typical histogram touches a third of its array.
/// </summary>
internal sealed class BucketCounts
{
    private int[]? _narrow = new int[LatencyHistograms.Buckets];
    private long[]? _wide;
    private int _first = int.MaxValue;
    private int _last = -1;

    public long Total { get; private set; }

    public long Bytes => _wide is null ? (long)_narrow!.Length * sizeof(int) : (long)_wide.Length * sizeof(long);

    /// <summary>Adds counts whose non-zero buckets lie in [<paramref name="first"/>, <paramref name="last"/>].</summary>
    public void Add(ReadOnlySpan<long> counts, int first, int last, long total)
    {
        if (total == 0)
        {
            return;
        }

        if (_wide is null && Total + total > int.MaxValue)
        {
            _wide = new long[LatencyHistograms.Buckets];
            AddTo(_wide);
            _narrow = null;
        }

        if (_wide is null)
        {
            var narrow = _narrow!;
            for (var i = first; i <= last; i++)
            {
                narrow[i] += (int)counts[i];
            }
        }
        else
        {
            for (var i = first; i <= last; i++)
            {
                _wide[i] += counts[i];
            }
        }

        (_first, _last, Total) = (Math.Min(_first, first), Math.Max(_last, last), Total + total);
    }

    public void AddTo(Span<long> into)
    {
        if (_wide is null)
        {
            var narrow = _narrow!;
            for (var i = _first; i <= _last; i++)
            {
                into[i] += narrow[i];
            }
        }
        else
        {
            for (var i = _first; i <= _last; i++)
            {
                into[i] += _wide[i];
            }
        }
    }

    public void Reset()
    {
        if (_wide is not null)
        {
            (_wide, _narrow) = (null, new int[LatencyHistograms.Buckets]);
        }
        else if (_last >= 0)
        {
            Array.Clear(_narrow!, _first, _last - _first + 1);
        }

        (_first, _last, Total) = (int.MaxValue, -1, 0);
    }
}
