using Cortex.Slo.Status;

namespace Cortex.Slo.Evaluation;

/// <summary>
/// What <see cref="AnomalyDetector"/> remembers of one (series, metric): its recent points, already transformed
/// (log-latency or raw error rate), in a ring that keeps the newest <see cref="Capacity"/> of them, and the run of
/// breaching points in progress. The ring grows on demand, so a series that has only run for an hour holds an hour.
/// </summary>
internal sealed class AnomalySeriesState(int capacity)
{
    private const int InitialSize = 256;

    private HistoryPoint[] _items = new HistoryPoint[Math.Clamp(capacity, 1, InitialSize)];
    private int _head;

    /// <summary>Gets the most points the ring keeps; the oldest is dropped beyond it.</summary>
    public int Capacity { get; } = Math.Max(1, capacity);

    /// <summary>Gets how many points the ring holds.</summary>
    public int Count { get; private set; }

    /// <summary>Gets or sets how many consecutive points, ending with the newest, breached the band.</summary>
    public int Run { get; set; }

    /// <summary>Gets or sets whether the run in progress has already been reported (an anomaly is reported once per episode).</summary>
    public bool Reported { get; set; }

    /// <summary>Gets or sets the anomaly reported for the run in progress, or <see langword="null"/>.</summary>
    public Anomaly? Episode { get; set; }

    /// <summary>Gets the point at <paramref name="index"/>, 0 being the oldest held.</summary>
    public HistoryPoint this[int index] => _items[(_head + index) % _items.Length];

    public void Add(DateTimeOffset at, double value)
    {
        if (Count == _items.Length && Count < Capacity)
        {
            Grow();
        }

        var point = new HistoryPoint(at, value);
        if (Count < _items.Length)
        {
            _items[(_head + Count) % _items.Length] = point;
            Count++;
        }
        else
        {
            _items[_head] = point;
            _head = (_head + 1) % _items.Length;
        }
    }

    private void Grow()
    {
        var larger = new HistoryPoint[(int)Math.Min((long)_items.Length * 2, Capacity)];
        for (var i = 0; i < Count; i++)
        {
            larger[i] = this[i];
        }

        _items = larger;
        _head = 0;
    }

    /// <summary>One stored point: when, and its value in the space it is analysed in.</summary>
    internal readonly record struct HistoryPoint(DateTimeOffset At, double Value);
}
