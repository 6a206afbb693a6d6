namespace Cortex.Zai.Optimized.RateLimiting;

/// <summary>A snapshot of a <see cref="ZaiRateLimiter"/>'s counters since it was created.</summary>
/// <param name="Acquired">Acquisitions that got a lease.</param>
/// <param name="Waited">Of <paramref name="Acquired"/>, those that had to wait for a slot or a token.</param>
/// <param name="Rejected">Acquisitions that failed with <see cref="ZaiRateLimitExceededException"/> (queue full or waited too long).</param>
/// <param name="TotalWait">The time the <paramref name="Waited"/> acquisitions waited, summed.</param>
/// <param name="MaxWait">The longest wait of an acquisition that got a lease.</param>
/// <param name="DistributedFallbacks">Times Redis failed (threw, timed out or was not connected) and the local share was used instead.</param>
/// <param name="Mode"><see cref="LocalMode"/>, <see cref="DistributedMode"/> or <see cref="DistributedFallbackMode"/>.</param>
internal sealed record ZaiRateLimitStatistics(
    long Acquired,
    long Waited,
    long Rejected,
    TimeSpan TotalWait,
    TimeSpan MaxWait,
    long DistributedFallbacks,
    string Mode)
{
    /// <summary>The budget is this instance's alone.</summary>
    public const string LocalMode = "local";

    /// <summary>The request budget is shared with every instance through Redis.</summary>
    public const string DistributedMode = "distributed";

    /// <summary>Redis is unreachable: this instance uses its share of the budget until Redis answers again.</summary>
    public const string DistributedFallbackMode = "distributed-fallback";
}
