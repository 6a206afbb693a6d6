namespace Cortex.Zai.Optimized;

/// <summary>Batching, compression and timeouts.</summary>
public sealed class ZaiPerformanceOptions
{
    /// <summary>Gets or sets a value indicating whether concurrent embedding requests are coalesced into one call.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EnableBatching { get; set; } = true;

    /// <summary>Gets or sets the most texts in one coalesced embeddings call (Z.AI accepts up to 64).</summary>
    /// <value>The default is 16.</value>
    public int MaxBatchSize { get; set; } = 16;

    /// <summary>Gets or sets how long the first request of a batch waits for others to join.</summary>
    /// <value>The default is 10 milliseconds.</value>
    public TimeSpan BatchTimeout { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Gets or sets a value indicating whether request bodies above <see cref="ZaiCacheOptions.CompressionThreshold"/> are sent gzip-compressed.</summary>
    /// <value>The default is <see langword="false"/> (the public API does not document compressed requests).</value>
    public bool EnableCompression { get; set; }

    /// <summary>Gets or sets how long one attempt may take; thinking mode can take minutes, so this is far above the usual 10 seconds.</summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
