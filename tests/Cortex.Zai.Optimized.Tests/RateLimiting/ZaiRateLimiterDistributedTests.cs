using System.Diagnostics;
using Cortex.Testing.Redis;
using Cortex.Tests.Shared;
using Cortex.Zai.Optimized.Internal;
using Cortex.Zai.Optimized.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Cortex.Zai.Optimized.Tests.RateLimiting;

public sealed class ZaiRateLimiterDistributedTests
{
    private const string Model = "glm-4.6";
    private const string BudgetKey = "cortex:zai:rl:fp-3f9a";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AcquireAsync_TwoInstancesOnOneRedis_ShareOneBudgetOfRatePlusBurst()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        await using var muxA = await ConnectAsync(redis);
        await using var muxB = await ConnectAsync(redis);
        var time = new FakeTimeProvider();
        var options = Options(o => o.MaxQueueWait = TimeSpan.FromMinutes(1));
        await using var a = new ZaiRateLimiter(options, RedisConnection.Of(muxA), BudgetKey, time, NullLogger.Instance);
        await using var b = new ZaiRateLimiter(options, RedisConnection.Of(muxB), BudgetKey, time, NullLogger.Instance);
        var acquired = new int[2];
        var attempts = Enumerable.Range(0, 200).Select(i => TryAcquireAsync(i % 2 == 0 ? a : b, i % 2)).ToArray();

        // One fake minute, a second at a time; each instance's waiting head sleeps until the script says a token comes.
        await Eventually.SettledAsync(Total);
        for (var second = 1; second <= 60; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Eventually.SettledAsync(Total);
        }

        // MaxQueueWait is the minute: whoever got nothing by then has failed.
        await Task.WhenAll(attempts).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"acquired: {acquired[0]} + {acquired[1]} = {Total()}");
        Assert.InRange(Total(), 60, 60 + 10);
        Assert.InRange(acquired[0], 1, 59);
        Assert.InRange(acquired[1], 1, 59);
        Assert.Equal(ZaiRateLimitStatistics.DistributedMode, a.GetStatistics().Mode);
        Assert.Equal(0, a.GetStatistics().DistributedFallbacks + b.GetStatistics().DistributedFallbacks);
        Assert.Equal(200 - Total(), a.GetStatistics().Rejected + b.GetStatistics().Rejected);

        int Total() => Volatile.Read(ref acquired[0]) + Volatile.Read(ref acquired[1]);

        async Task TryAcquireAsync(ZaiRateLimiter limiter, int instance)
        {
            try
            {
                using var lease = await limiter.AcquireAsync(Model, Ct);
                Interlocked.Increment(ref acquired[instance]);
            }
            catch (ZaiRateLimitExceededException)
            {
            }
        }
    }

    [Fact]
    public async Task AcquireAsync_RedisStoppedThenStarted_UsesTheLocalShareThenSharesAgain()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        await using var muxA = await ConnectAsync(redis);
        await using var muxB = await ConnectAsync(redis);
        var time = new FakeTimeProvider();
        var log = new FakeLogger();
        var options = Options(o => o.MaxQueueWait = TimeSpan.FromMinutes(1));
        await using var a = new ZaiRateLimiter(options, RedisConnection.Of(muxA), BudgetKey, time, log);
        await using var b = new ZaiRateLimiter(options, RedisConnection.Of(muxB), BudgetKey, time, log);
        (await a.AcquireAsync(Model, Ct)).Dispose();
        (await b.AcquireAsync(Model, Ct)).Dispose();
        Assert.Equal(ZaiRateLimitStatistics.DistributedMode, a.GetStatistics().Mode);

        await redis.StopAsync();
        await Eventually.TrueAsync(() => !muxA.IsConnected && !muxB.IsConnected, "both clients see Redis is down");

        // 60/min with burst 10 over 2 instances: each may send 5 at once, then one every 2 s.
        foreach (var limiter in new[] { a, b })
        {
            for (var i = 0; i < 5; i++)
            {
                var now = limiter.AcquireAsync(Model, Ct);
                Assert.True(now.IsCompletedSuccessfully, $"request {i + 1} of the local burst of 5 goes at once");
                (await now).Dispose();
            }

            var sixth = limiter.AcquireAsync(Model, Ct).AsTask();
            Assert.False(sixth.IsCompleted);
            time.Advance(TimeSpan.FromSeconds(2));
            (await sixth.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Dispose();
            var stats = limiter.GetStatistics();
            Assert.Equal(ZaiRateLimitStatistics.DistributedFallbackMode, stats.Mode);
            Assert.Equal(1, stats.DistributedFallbacks);
        }

        // Redis is tried again every 5 s, not on every request; the warning is not repeated within the minute.
        time.Advance(TimeSpan.FromSeconds(5));
        (await a.AcquireAsync(Model, Ct)).Dispose();
        (await a.AcquireAsync(Model, Ct)).Dispose();
        Assert.Equal(2, a.GetStatistics().DistributedFallbacks);
        Assert.Equal(2, log.Collector.GetSnapshot().Count(r => r.Level == LogLevel.Warning));

        await redis.StartAsync(Ct);
        var reconnecting = Stopwatch.StartNew();
        while (a.GetStatistics().Mode != ZaiRateLimitStatistics.DistributedMode || b.GetStatistics().Mode != ZaiRateLimitStatistics.DistributedMode)
        {
            Assert.True(reconnecting.Elapsed < TimeSpan.FromSeconds(15), "both instances share the budget in Redis again");
            await Task.Delay(50, Ct);
            time.Advance(TimeSpan.FromSeconds(5));
            (await a.AcquireAsync(Model, Ct)).Dispose();
            (await b.AcquireAsync(Model, Ct)).Dispose();
        }

        Assert.Equal(2, log.Collector.GetSnapshot().Count(r => r.Level == LogLevel.Information));
    }

    [Fact]
    public async Task AcquireAsync_Distributed_EachInstanceGetsItsShareOfInFlightSlots()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        await using var mux = await ConnectAsync(redis);
        var time = new FakeTimeProvider();
        await using var limiter = new ZaiRateLimiter(
            Options(o =>
            {
                o.MaxConcurrentRequests = 5;
                o.MaxQueueWait = TimeSpan.FromSeconds(10);
            }),
            RedisConnection.Of(mux),
            BudgetKey,
            time,
            NullLogger.Instance);
        using var first = await limiter.AcquireAsync(Model, Ct);
        using var second = await limiter.AcquireAsync(Model, Ct);

        var third = limiter.AcquireAsync(Model, Ct).AsTask();
        time.Advance(TimeSpan.FromSeconds(10));

        var ex = await Assert.ThrowsAsync<ZaiRateLimitExceededException>(() => third);
        Assert.Contains("all 2 requests of this model this instance may have (MaxConcurrentRequests 5 ÷ InstanceCount 2)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcquireAsync_RedisHung_FallsBackToTheLocalShareWithinTheOperationTimeout()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        await using var mux = await ConnectAsync(redis);

        // Real time: the operation timeout guards real I/O, as StackExchange.Redis's own timeouts do.
        await using var limiter = new ZaiRateLimiter(Options(o => o.RequestsPerMinute = 6000), RedisConnection.Of(mux), BudgetKey, TimeProvider.System, NullLogger.Instance);
        (await limiter.AcquireAsync(Model, Ct)).Dispose();
        Assert.Equal(ZaiRateLimitStatistics.DistributedMode, limiter.GetStatistics().Mode);

        await redis.PauseAsync();
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 5; i++)
        {
            var started = Stopwatch.GetTimestamp();
            (await limiter.AcquireAsync(Model, Ct)).Dispose();
            var elapsed = Stopwatch.GetElapsedTime(started);
            slowest = elapsed > slowest ? elapsed : slowest;
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"slowest acquisition while Redis hung: {slowest.TotalMilliseconds:0} ms");
        var bound = new ZaiCacheOptions().RedisOperationTimeout + TimeSpan.FromSeconds(1);
        Assert.True(slowest < bound, $"An acquisition took {slowest.TotalMilliseconds:0} ms while Redis hung.");
        Assert.Equal(ZaiRateLimitStatistics.DistributedFallbackMode, limiter.GetStatistics().Mode);
        Assert.Equal(1, limiter.GetStatistics().DistributedFallbacks);
        await redis.ResumeAsync();
    }

    private static ZaiRateLimitOptions Options(Action<ZaiRateLimitOptions> configure)
    {
        var options = new ZaiRateLimitOptions
        {
            EnableDistributed = true,
            InstanceCount = 2,
            RequestsPerMinute = 60,
            BurstCapacity = 10,
            MaxConcurrentRequests = 1000,
        };
        configure(options);
        return options;
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(RedisTestServer redis)
    {
        var configuration = ConfigurationOptions.Parse(redis.ConnectionString);
        configuration.ReconnectRetryPolicy = new LinearRetry(100);
        return await ConnectionMultiplexer.ConnectAsync(configuration);
    }
}
