using Cortex.Testing.Zai;
using Cortex.Tests.Shared;
using Cortex.Zai.Optimized.Models;
using static Cortex.Zai.Optimized.Tests.Infrastructure.ZaiFixture;

namespace Cortex.Zai.Optimized.Tests.Client;

public sealed class RedisTierTests
{
    private static void UseRedis(ZaiClientOptions options, string connectionString)
    {
        options.Cache.EnableRedisCache = true;
        options.Cache.RedisConnectionString = connectionString;
    }

    [Fact]
    public async Task GenerateCompletionAsync_TwoInstancesOnOneRedis_ShareTheL2Cache()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var a = CreateClient(server, o => UseRedis(o, redis.ConnectionString));
        using var b = CreateClient(server, o => UseRedis(o, redis.ConnectionString));

        var fromA = await a.GenerateCompletionAsync(Deterministic("shared across instances"), Ct);
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
            UseRedis(o, redis.ConnectionString);
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
        using var other = CreateClient(server, Redis);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        ZaiCompletion? shared = null;
        for (var i = 0; DateTimeOffset.UtcNow < deadline; i++)
        {
            // A fresh prompt each round: written through both tiers by one instance, read by the other.
            await client.GenerateCompletionAsync(Deterministic($"after {i}"), Ct);
            shared = await other.GenerateCompletionAsync(Deterministic($"after {i}"), Ct);
            if (shared.Source == ZaiResponseSource.RedisCache)
            {
                break;
            }

            await Task.Delay(200, Ct);
        }

        Assert.Equal(ZaiResponseSource.RedisCache, shared?.Source);
    }
}
