namespace Cortex.Slo.Storage;

/// <summary>One minute or hour of a series.</summary>
internal sealed record SeriesPoint(DateTimeOffset Start, TimeSpan Length, long Count, long Errors, double P50Ms, double P95Ms, double P99Ms)
{
    public double ErrorRate => Count == 0 ? 0 : (double)Errors / Count;
}
