using BenchmarkDotNet.Attributes;
using Cortex.Testing.Zai;
using Cortex.Zai.Optimized;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Cortex.Benchmarks.Zai;

/// <summary>
/// A cache hit through <see cref="IChatClient.GetResponseAsync"/>: the client's memory tier against
/// Microsoft.Extensions.AI's <see cref="DistributedCachingChatClient"/> over an in-memory <see cref="IDistributedCache"/>
/// (what a MEAI user would otherwise add), and a miss that goes to the local <see cref="ZaiTestServer"/>.
/// </summary>
[MemoryDiagnoser]
public class ZaiCacheBenchmarks
{
    private static readonly ChatMessage[] Messages = [new(ChatRole.User, "What is the capital of France?")];
    private ZaiTestServer _server = null!;
    private ZaiOptimizedClient _zai = null!;
    private ZaiOptimizedClient _uncached = null!;
    private DistributedCachingChatClient _meai = null!;
    private ChatOptions _options = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await ZaiTestServer.StartAsync();
        ZaiClientOptions Options(bool cache)
        {
            var o = new ZaiClientOptions { ApiKey = _server.ApiKey, BaseUrl = _server.BaseUri.ToString() };
            o.Cache.EnableMemoryCache = cache;
            o.Deduplication.EnableDeduplication = cache;
            o.RateLimit.RequestsPerMinute = 1_000_000;
            o.RateLimit.BurstCapacity = 1_000_000;
            o.RateLimit.MaxConcurrentRequests = 1_000;
            return o;
        }

        _zai = new ZaiOptimizedClient(new HttpClient(), Options(cache: true));
        _uncached = new ZaiOptimizedClient(new HttpClient(), Options(cache: false));
        _meai = new DistributedCachingChatClient(_uncached, new MemoryDistributedCache(Microsoft.Extensions.Options.Options.Create(new MemoryDistributedCacheOptions())));
        _options = new ChatOptions { AdditionalProperties = new() { [ZaiOptimizedClient.DoSampleProperty] = false } };
        await _zai.GetResponseAsync(Messages, _options);
        await _meai.GetResponseAsync(Messages, _options);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _meai.Dispose();
        _zai.Dispose();
        _uncached.Dispose();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "MEAI DistributedCachingChatClient hit (in-memory IDistributedCache)")]
    public Task<ChatResponse> MeaiDistributedCacheHitAsync() => _meai.GetResponseAsync(Messages, _options);

    [Benchmark(Description = "ZaiOptimizedClient L1 hit")]
    public Task<ChatResponse> ZaiMemoryHitAsync() => _zai.GetResponseAsync(Messages, _options);

    [Benchmark(Description = "ZaiOptimizedClient miss (local ZaiTestServer, cache and dedup off)")]
    public Task<ChatResponse> ZaiMissAsync() => _uncached.GetResponseAsync(Messages, _options);
}
