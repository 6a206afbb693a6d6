namespace Cortex.Slo.Storage;

/// <summary>Event counts over a window: all, failed, and good-below each latency threshold of the series (same index).</summary>
internal readonly record struct WindowCounts(long Count, long Errors, long[] GoodBelow, TimeSpan Covered)
{
    public double ErrorRate => Count == 0 ? 0 : (double)Errors / Count;
}
