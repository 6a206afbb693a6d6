namespace Cortex.Zai.Optimized.Models;

/// <summary>How one request uses the response cache.</summary>
public enum ZaiCacheMode
{
    /// <summary>Read and write the cache when the request is cacheable (deterministic, unless configured otherwise).</summary>
    Default,

    /// <summary>Do not read the cache (always ask Z.AI) but store the fresh answer.</summary>
    NoCache,

    /// <summary>Read the cache but do not store a fresh answer.</summary>
    NoStore,

    /// <summary>Neither read nor store.</summary>
    Bypass,

    /// <summary>Read and write the cache even when the request is not deterministic.</summary>
    Force,
}
