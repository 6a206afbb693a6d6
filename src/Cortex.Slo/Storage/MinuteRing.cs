namespace Cortex.Slo.Storage;

/// <summary>
/// The minute numbering shared by the series: minute <c>m</c> is <c>[m, m + 1)</c> minutes since 0001-01-01 UTC, kept in
/// slot <c>m mod Capacity</c>. A slot is valid only while it still holds its minute's number, so minutes skipped (the
/// process was down, or nothing collected) never read another minute's data, and the ring itself is the retention.
/// Not thread-safe: the owning series serialises access.
/// </summary>
internal sealed class MinuteRing
{
    public const long None = long.MinValue;
    private readonly long[] _minutes;

    public MinuteRing(TimeSpan retention)
    {
        if (retention < TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(retention), retention, "The retention must be at least one minute.");
        }

        Capacity = checked((int)Math.Ceiling(retention.TotalMinutes));
        _minutes = new long[Capacity];
        Array.Fill(_minutes, None);
    }

    /// <summary>Gets how many minutes are kept (the retention in minutes, rounded up).</summary>
    public int Capacity { get; }

    /// <summary>Gets the newest minute collected, or <see cref="None"/>.</summary>
    public long Current { get; private set; } = None;

    /// <summary>Gets the oldest minute collected that is still within retention (once <see cref="Expire"/> has run), or <see cref="None"/>.</summary>
    public long First { get; private set; } = None;

    public long EstimatedBytes => (long)Capacity * sizeof(long);

    public static long MinuteOf(DateTimeOffset time) => time.UtcTicks / TimeSpan.TicksPerMinute;

    public static DateTimeOffset StartOf(long minute) => new(minute * TimeSpan.TicksPerMinute, TimeSpan.Zero);

    /// <summary>
    /// Makes <paramref name="minute"/> the current minute when it is newer, and returns the slot data collected now goes to
    /// (a clock that stepped back keeps adding to the current minute). <paramref name="opened"/> tells the caller to clear the slot.
    /// </summary>
    public int Advance(long minute, out bool opened)
    {
        opened = Current == None || minute > Current;
        if (opened)
        {
            Current = minute;
            _minutes[SlotIndex(minute)] = minute;
            if (First == None)
            {
                First = minute;
            }

            Expire();
        }

        return SlotIndex(Current);
    }

    /// <summary>Marks a slot as holding <paramref name="minute"/>, when restoring a snapshot; returns the slot.</summary>
    public int Restore(long minute)
    {
        _minutes[SlotIndex(minute)] = minute;
        if (Current == None || minute > Current)
        {
            Current = minute;
        }

        if (First == None || minute < First)
        {
            First = minute;
        }

        return SlotIndex(minute);
    }

    /// <summary>Gets the slot holding <paramref name="minute"/>, or -1 when the minute was not collected or is gone.</summary>
    public int SlotOf(long minute)
    {
        var slot = SlotIndex(minute);
        return _minutes[slot] == minute ? slot : -1;
    }

    /// <summary>The minutes kept, oldest first.</summary>
    public List<long> Kept()
    {
        var kept = new List<long>();
        for (var minute = First; First != None && minute <= Current; minute++)
        {
            if (SlotOf(minute) >= 0)
            {
                kept.Add(minute);
            }
        }

        return kept;
    }

    /// <summary>
    /// The minutes whose span overlaps <c>(now - window, now]</c>, limited to what retention keeps and to what was collected;
    /// empty (<c>First &gt; Last</c>) when none.
    /// </summary>
    public (long First, long Last) Range(TimeSpan window, DateTimeOffset now)
    {
        var last = MinuteOf(now);
        var first = window >= TimeSpan.FromMinutes(Capacity) ? last - Capacity + 1 : MinuteOf(now - window);
        var newest = Math.Max(last, Current);
        first = Math.Max(first, newest - Capacity + 1);
        if (First != None)
        {
            first = Math.Max(first, First);
        }

        last = Math.Min(last, Current);
        return Current == None ? (0, -1) : (first, last);
    }

    /// <summary>Moves <see cref="First"/> past the minutes retention no longer keeps (amortised: a minute is passed over once).</summary>
    public void Expire()
    {
        if (Current == None)
        {
            return;
        }

        var oldest = Current - Capacity + 1;
        if (First >= oldest)
        {
            return;
        }

        for (var minute = oldest; minute <= Current; minute++)
        {
            if (SlotOf(minute) >= 0)
            {
                First = minute;
                return;
            }
        }
    }

    private int SlotIndex(long minute) => (int)(((minute % Capacity) + Capacity) % Capacity);
}
