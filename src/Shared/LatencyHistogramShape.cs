namespace Cortex.Internal;

/// <summary>
/// The one latency histogram shape of the family: microseconds from 1 µs to 1 hour at 2 significant digits (about 1%
/// precision). Histograms of this shape merge exactly with each other, whichever package recorded them. Linked source.
/// </summary>
internal static class LatencyHistogramShape
{
    public const long Lowest = 1;
    public const long Highest = 3_600_000_000;
    public const int Digits = 2;

    /// <summary>A duration in microseconds, clamped into the shape's range.</summary>
    public static long ToMicros(TimeSpan duration) => Math.Clamp(duration.Ticks / TimeSpan.TicksPerMicrosecond, Lowest, Highest);
}
