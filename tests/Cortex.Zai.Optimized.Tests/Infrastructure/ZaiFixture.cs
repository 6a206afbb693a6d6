using System.Diagnostics;
using Cortex.Testing.Zai;
using Cortex.Zai.Optimized.Models;

namespace Cortex.Zai.Optimized.Tests.Infrastructure;

/// <summary>Builds clients against a real <see cref="ZaiTestServer"/> over HTTP.</summary>
internal static class ZaiFixture
{
    public const string ChatPath = "/api/paas/v4/chat/completions";
    public const string EmbeddingsPath = "/api/paas/v4/embeddings";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static ZaiClientOptions Options(ZaiTestServer server, Action<ZaiClientOptions>? configure = null)
    {
        var options = new ZaiClientOptions
        {
            ApiKey = server.ApiKey,
            BaseUrl = server.BaseUri.ToString(),
            RetryDelay = TimeSpan.Zero,
            MaxRetryDelay = TimeSpan.Zero,
        };
        options.RateLimit.RequestsPerMinute = 100_000;
        options.RateLimit.BurstCapacity = 10_000;
        options.RateLimit.MaxConcurrentRequests = 1_000;
        configure?.Invoke(options);
        return options;
    }

    public static ZaiOptimizedClient CreateClient(ZaiTestServer server, Action<ZaiClientOptions>? configure = null, TimeProvider? time = null) =>
        new(new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All }), Options(server, configure), timeProvider: time);

    /// <summary>Turns the Redis tier on, connecting to <paramref name="connectionString"/>.</summary>
    public static void UseRedisCache(ZaiClientOptions options, string connectionString)
    {
        options.Cache.EnableRedisCache = true;
        options.Cache.RedisConnectionString = connectionString;
    }

    public static ZaiCompletionRequest Deterministic(string prompt) => new()
    {
        Messages = [new ZaiChatMessage { Role = "user", Content = prompt }],
        DoSample = false,
    };

    /// <summary>
    /// Waits (bounded: 20 s of real time) until <paramref name="client"/> shares answers through Redis both ways with a
    /// second client on <paramref name="connectionString"/> (its memory tier off, so each of its reads goes to Redis): an
    /// answer the client stored is read from Redis by the other, and one the other stored is read from Redis by the client.
    /// Fresh prompts each round; a reconnect after an outage or a hang takes StackExchange.Redis a heartbeat or two.
    /// </summary>
    public static async Task EventuallySharesThroughRedisAsync(ZaiOptimizedClient client, ZaiTestServer server, string connectionString, string when)
    {
        using var other = CreateClient(server, o =>
        {
            UseRedisCache(o, connectionString);
            o.Cache.EnableMemoryCache = false;
        });
        var bound = TimeSpan.FromSeconds(20);
        var clock = Stopwatch.StartNew();
        for (var round = 0; ; round++)
        {
            await client.GenerateCompletionAsync(Deterministic($"{when}: from the client {round}"), Ct);
            await other.GenerateCompletionAsync(Deterministic($"{when}: from the other {round}"), Ct);
            await client.SettleRedisAsync(bound);
            await other.SettleRedisAsync(bound);
            var written = await other.GenerateCompletionAsync(Deterministic($"{when}: from the client {round}"), Ct);
            var read = await client.GenerateCompletionAsync(Deterministic($"{when}: from the other {round}"), Ct);
            if (written.Source == ZaiResponseSource.RedisCache && read.Source == ZaiResponseSource.RedisCache)
            {
                return;
            }

            Assert.True(clock.Elapsed < bound, $"Answers were not shared through Redis {when} within {bound.TotalSeconds:0} s (written: {written.Source}, read: {read.Source}).");
            await Task.Delay(100, Ct);
        }
    }
}
