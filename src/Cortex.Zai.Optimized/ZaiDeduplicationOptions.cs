namespace Cortex.Zai.Optimized;

/// <summary>Single-flight for identical requests: they share one upstream call.</summary>
public sealed class ZaiDeduplicationOptions
{
    /// <summary>Gets or sets a value indicating whether identical requests in flight share one upstream call.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EnableDeduplication { get; set; } = true;

    /// <summary>Gets or sets how long a finished answer stays joinable by an identical request, even when it may not be cached.</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromSeconds(5);
}
