namespace Cortex.Zai.Optimized.Caching;

/// <summary>A snapshot of a <see cref="ZaiResponseCache"/>'s counters since it was created.</summary>
/// <param name="MemoryHits">Lookups answered from memory.</param>
/// <param name="RedisHits">Lookups answered from Redis (and then copied into memory).</param>
/// <param name="Misses">Lookups that found nothing usable.</param>
/// <param name="RedisErrors">Redis reads and writes that failed or were skipped while Redis was unreachable, corrupt entries included.</param>
/// <param name="CorruptEntries">Redis entries that could not be read back as a completion.</param>
/// <param name="CompressedWrites">Redis writes stored gzip-compressed.</param>
/// <param name="Writes">Completions stored.</param>
/// <param name="MemoryEntries">Completions held in memory now (expired ones may linger until evicted).</param>
internal sealed record ZaiCacheStatistics(
    long MemoryHits,
    long RedisHits,
    long Misses,
    long RedisErrors,
    long CorruptEntries,
    long CompressedWrites,
    long Writes,
    int MemoryEntries);
