using Cortex.Zai.Optimized.RateLimiting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Zai.Optimized.Tests.RateLimiting;

public sealed class ZaiRateLimiterTests
{
    private const string Model = "glm-4.6";
    private const string BudgetKey = "cortex:zai:rl:fp-3f9a";
    private static readonly DateTimeOffset Start = new FakeTimeProvider().GetUtcNow();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AcquireAsync_200RequestsAt100PerMinuteWithBurst20_CompleteOnTheTokenSchedule()
    {
        var time = new FakeTimeProvider();
        await using var limiter = Local(time, o =>
        {
            o.RequestsPerMinute = 100;
            o.BurstCapacity = 20;
            o.MaxConcurrentRequests = 1000;
            o.MaxQueueWait = TimeSpan.FromMinutes(10);
        });
        var completed = 0;
        var all = Enumerable.Range(0, 200).Select(async _ =>
        {
            using var lease = await limiter.AcquireAsync(Model, Ct);
            Interlocked.Increment(ref completed);
        }).ToArray();

        // The burst goes at once; then refill is continuous, 100/60 tokens a second: one token every 0.6 s exactly.
        Assert.Equal(20, Volatile.Read(ref completed));
        await AdvanceToAsync(time, 0.599, 20);
        await AdvanceToAsync(time, 0.6, 21);
        await AdvanceToAsync(time, 30, 20 + 50);
        await AdvanceToAsync(time, 60, 20 + 100);
        await AdvanceToAsync(time, 107.4, 199);
        await AdvanceToAsync(time, 108, 200);
        await Task.WhenAll(all);

        var stats = limiter.GetStatistics();
        Assert.Equal(200, stats.Acquired);
        Assert.Equal(180, stats.Waited);
        Assert.Equal(0, stats.Rejected);
        Assert.Equal(TimeSpan.FromSeconds(108), stats.MaxWait);
        Assert.Equal(ZaiRateLimitStatistics.LocalMode, stats.Mode);

        async Task AdvanceToAsync(FakeTimeProvider clock, double seconds, int expected)
        {
            clock.Advance(Start + TimeSpan.FromSeconds(seconds) - clock.GetUtcNow());
            await Eventually.EqualAsync(expected, () => Volatile.Read(ref completed));
        }
    }

    [Fact]
    public async Task AcquireAsync_MaxConcurrentRequests2_ThirdWaitsForALeaseWhileAnotherModelGoes()
    {
        var time = new FakeTimeProvider();
        await using var limiter = Local(time, o => o.MaxConcurrentRequests = 2);
        var first = await limiter.AcquireAsync(Model, Ct);
        using var second = await limiter.AcquireAsync(Model, Ct);

        var third = limiter.AcquireAsync(Model, Ct).AsTask();
        var otherModel = limiter.AcquireAsync("glm-4.5-air", Ct);

        Assert.True(otherModel.IsCompletedSuccessfully, "another model has its own in-flight slots");
        (await otherModel).Dispose();
        Assert.False(third.IsCompleted);

        first.Dispose();
        first.Dispose();
        using var thirdLease = await third.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        // Disposing twice released one slot, not two: both slots are taken again.
        var fourth = limiter.AcquireAsync(Model, Ct).AsTask();
        await Task.Delay(20, Ct);
        Assert.False(fourth.IsCompleted);
        second.Dispose();
        (await fourth.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Dispose();
        Assert.Equal(2, limiter.GetStatistics().Waited);
    }

    [Fact]
    public async Task AcquireAsync_NoSlotWithinMaxQueueWait_FailsAfterExactlyMaxQueueWaitNamingTheLimit()
    {
        var time = new FakeTimeProvider();
        await using var limiter = Local(time, o =>
        {
            o.MaxConcurrentRequests = 1;
            o.MaxQueueWait = TimeSpan.FromSeconds(10);
        });
        using var held = await limiter.AcquireAsync(Model, Ct);
        var waiter = limiter.AcquireAsync(Model, Ct).AsTask();

        time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        await Task.Delay(20, Ct);
        Assert.False(waiter.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        var ex = await Assert.ThrowsAsync<ZaiRateLimitExceededException>(() => waiter);
        Assert.Contains($"model '{Model}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MaxConcurrentRequests (1)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MaxQueueWait (10 s)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("waited 10 s", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(BudgetKey, ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, limiter.GetStatistics().Rejected);
    }

    [Fact]
    public async Task AcquireAsync_NoTokenWithinMaxQueueWait_FailsNamingTheRequestBudget()
    {
        var time = new FakeTimeProvider();
        await using var limiter = OneTokenPerMinute(time, o => o.MaxQueueWait = TimeSpan.FromSeconds(10));
        (await limiter.AcquireAsync(Model, Ct)).Dispose();
        var waiter = limiter.AcquireAsync(Model, Ct).AsTask();

        time.Advance(TimeSpan.FromSeconds(10));

        var ex = await Assert.ThrowsAsync<ZaiRateLimitExceededException>(() => waiter);
        Assert.Contains("RequestsPerMinute 1 with BurstCapacity 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("waited 10 s", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Raise RequestsPerMinute", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcquireAsync_SlotQueueFull_FailsAtOnce()
    {
        var time = new FakeTimeProvider();
        await using var limiter = Local(time, o =>
        {
            o.MaxConcurrentRequests = 1;
            o.MaxQueueLength = 1;
        });
        using var held = await limiter.AcquireAsync(Model, Ct);
        var queued = limiter.AcquireAsync(Model, Ct).AsTask();

        var refused = limiter.AcquireAsync(Model, Ct);

        Assert.True(refused.IsFaulted, "a full queue refuses without waiting");
        var ex = await Assert.ThrowsAsync<ZaiRateLimitExceededException>(() => refused.AsTask());
        Assert.Contains("MaxQueueLength (1)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("refused at once", ex.Message, StringComparison.Ordinal);
        Assert.False(queued.IsCompleted);
    }

    [Fact]
    public async Task AcquireAsync_TokenQueueFull_FailsAtOnce()
    {
        var time = new FakeTimeProvider();
        await using var limiter = OneTokenPerMinute(time, o => o.MaxQueueLength = 1);
        (await limiter.AcquireAsync(Model, Ct)).Dispose();
        var queued = limiter.AcquireAsync(Model, Ct).AsTask();

        var refused = limiter.AcquireAsync(Model, Ct);

        Assert.True(refused.IsFaulted);
        var ex = await Assert.ThrowsAsync<ZaiRateLimitExceededException>(() => refused.AsTask());
        Assert.Contains("request token", ex.Message, StringComparison.Ordinal);
        time.Advance(TimeSpan.FromMinutes(1));
        (await queued.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Dispose();
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileWaitingForASlot_ThrowsOperationCanceledAndLeaksNothing()
    {
        var time = new FakeTimeProvider();
        await using var limiter = Local(time, o => o.MaxConcurrentRequests = 1);
        var held = await limiter.AcquireAsync(Model, Ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var waiter = limiter.AcquireAsync(Model, cts.Token).AsTask();

        await cts.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        Assert.Equal(cts.Token, ex.CancellationToken);
        held.Dispose();
        var next = limiter.AcquireAsync(Model, Ct);
        Assert.True(next.IsCompletedSuccessfully, "the cancelled waiter holds no slot");
        (await next).Dispose();
        Assert.Equal(0, limiter.GetStatistics().Rejected);
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileWaitingForAToken_ReleasesItsSlot()
    {
        var time = new FakeTimeProvider();
        await using var limiter = OneTokenPerMinute(time, o => o.MaxConcurrentRequests = 1);
        (await limiter.AcquireAsync(Model, Ct)).Dispose();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var waiter = limiter.AcquireAsync(Model, cts.Token).AsTask();
        await Task.Delay(20, Ct);
        Assert.False(waiter.IsCompleted);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);

        // With a single slot, this could never complete had the cancelled request kept it.
        var next = limiter.AcquireAsync(Model, Ct).AsTask();
        time.Advance(TimeSpan.FromMinutes(1));
        (await next.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Dispose();
    }

    [Fact]
    public async Task DisposeAsync_WhileRequestsWait_FailsThemWithObjectDisposed()
    {
        var time = new FakeTimeProvider();
        var limiter = OneTokenPerMinute(time, o => o.MaxConcurrentRequests = 1);
        using var held = await limiter.AcquireAsync(Model, Ct);
        var forSlot = limiter.AcquireAsync(Model, Ct).AsTask();
        var forToken = limiter.AcquireAsync("glm-4.5-air", Ct).AsTask();

        await limiter.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => forSlot);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => forToken);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => limiter.AcquireAsync(Model, Ct).AsTask());
    }

    [Fact]
    public async Task AcquireAsync_ZeroAndNegativeFigures_DoesNotDivideByZero()
    {
        var time = new FakeTimeProvider();
        await using var limiter = new ZaiRateLimiter(
            new ZaiRateLimitOptions
            {
                RequestsPerMinute = 0,
                BurstCapacity = 0,
                MaxConcurrentRequests = 0,
                MaxQueueLength = -1,
                MaxQueueWait = TimeSpan.FromSeconds(-1),
                InstanceCount = 0,
                EnableDistributed = true,
            },
            redis: null,
            BudgetKey,
            time,
            NullLogger.Instance);

        (await limiter.AcquireAsync(Model, Ct)).Dispose();

        await Assert.ThrowsAsync<ZaiRateLimitExceededException>(() => limiter.AcquireAsync(Model, Ct).AsTask());
        Assert.Equal(ZaiRateLimitStatistics.LocalMode, limiter.GetStatistics().Mode);
    }

    private static ZaiRateLimiter Local(FakeTimeProvider time, Action<ZaiRateLimitOptions> configure)
    {
        var options = new ZaiRateLimitOptions();
        configure(options);
        return new ZaiRateLimiter(options, redis: null, BudgetKey, time, NullLogger.Instance);
    }

    // After the first request, the next token is a minute away.
    private static ZaiRateLimiter OneTokenPerMinute(FakeTimeProvider time, Action<ZaiRateLimitOptions> configure) => Local(time, o =>
    {
        o.RequestsPerMinute = 1;
        o.BurstCapacity = 1;
        o.MaxQueueWait = TimeSpan.FromMinutes(2);
        configure(o);
    });
}
