using Cortex.Testing.Zai;
using Cortex.Tests.Shared;
using Cortex.Zai.Optimized.Models;
using static Cortex.Zai.Optimized.Tests.Infrastructure.ZaiFixture;

namespace Cortex.Zai.Optimized.Tests.Client;

public sealed class RedisTierTests
{
    [Fact]
    public async Task GenerateCompletionAsync_TwoInstancesOnOneRedis_ShareTheL2Cache()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var a = CreateClient(server, o => UseRedisCache(o, redis.ConnectionString));
        using var b = CreateClient(server, o => UseRedisCache(o, redis.ConnectionString));

        // Each client connects to Redis in the background, never in its constructor: let both connect first.
        Assert.True(await a.SettleRedisAsync(TimeSpan.FromSeconds(10)));
        Assert.True(await b.SettleRedisAsync(TimeSpan.FromSeconds(10)));

        // A writes to Redis in the background, after its answer: wait for that write.
        var fromA = await a.GenerateCompletionAsync(Deterministic("shared across instances"), Ct);
        Assert.True(await a.SettleRedisAsync(TimeSpan.FromSeconds(10)));
        var fromB = await b.GenerateCompletionAsync(Deterministic("shared across instances"), Ct);
        var againB = await b.GenerateCompletionAsync(Deterministic("shared across instances"), Ct);

        Assert.Equal(1, server.Requests.CountForPath(ChatPath));
        Assert.Equal(ZaiResponseSource.RedisCache, fromB.Source);
        Assert.Equal(ZaiResponseSource.MemoryCache, againB.Source);
        Assert.Equal(fromA.Content, fromB.Content);
        Assert.Equal(1, b.GetStatistics().RedisCacheHits);
    }

    [Fact]
    public async Task GenerateCompletionAsync_RedisStoppedMidRun_NoRequestFailsThenL2IsUsedAgain()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        void Redis(ZaiClientOptions o)
        {
            UseRedisCache(o, redis.ConnectionString);
            o.Deduplication.EnableDeduplication = false;
        }

        using var client = CreateClient(server, Redis);
        await client.GenerateCompletionAsync(Deterministic("before"), Ct);

        await redis.StopAsync();
        var during = new List<ZaiCompletion>();
        for (var i = 0; i < 20; i++)
        {
            during.Add(await client.GenerateCompletionAsync(Deterministic($"during {i % 5}"), Ct));
        }

        Assert.Equal(20, during.Count(c => !string.IsNullOrEmpty(c.Content)));
        Assert.True(client.GetStatistics().RedisErrors > 0);
        Assert.Equal(15, during.Count(c => c.Source == ZaiResponseSource.MemoryCache));

        await redis.StartAsync(Ct);
        await EventuallySharesThroughRedisAsync(client, server, redis.ConnectionString, "after the restart");
    }
}
