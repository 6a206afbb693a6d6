namespace Cortex.Zai.Optimized.Models;

/// <summary>Where an answer came from.</summary>
public enum ZaiResponseSource
{
    /// <summary>A call to Z.AI made for this request.</summary>
    Upstream,

    /// <summary>The in-memory cache.</summary>
    MemoryCache,

    /// <summary>The Redis cache.</summary>
    RedisCache,

    /// <summary>An identical request's call, shared.</summary>
    Deduplicated,
}
