using System.Diagnostics;
using System.Net;
using Cortex.Testing.Zai;
using static Cortex.Zai.Optimized.Tests.Infrastructure.ZaiFixture;

namespace Cortex.Zai.Optimized.Tests.Client;

/// <summary>
/// A 429 that says when to come back, from Z.AI or from a gateway in front of it. The waits are real (the server's
/// HTTP date is on the real clock), so only lower bounds are asserted: a slow machine can only make them longer.
/// </summary>
public sealed class RetryAfterTests
{
    private static void QuickRetries(ZaiClientOptions o)
    {
        o.RetryDelay = TimeSpan.FromMilliseconds(1);
        o.MaxRetryDelay = TimeSpan.FromSeconds(10);
    }

    [Fact]
    public async Task GenerateCompletionAsync_Gateway429WithRetryAfterSeconds_RetriedAfterTheDelay()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        server.Faults.FailNextFromGateway(1, 429, TimeSpan.FromSeconds(1));
        using var client = CreateClient(server, QuickRetries);
        var watch = Stopwatch.StartNew();

        var answer = await client.GenerateCompletionAsync(Deterministic("gateway seconds"), Ct);

        Assert.False(string.IsNullOrEmpty(answer.Content));
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {watch.Elapsed}");
        Assert.Equal(2, server.Requests.CountForPath(ChatPath));
        Assert.Equal(1, client.GetStatistics().Retries);
    }

    [Fact]
    public async Task GenerateCompletionAsync_Gateway429WithRetryAfterHttpDate_RetriedNoEarlierThanTheDate()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        server.Faults.FailNextFromGateway(1, 429, TimeSpan.FromSeconds(1), retryAfterAsHttpDate: true);
        using var client = CreateClient(server, QuickRetries);
        var watch = Stopwatch.StartNew();

        var answer = await client.GenerateCompletionAsync(Deterministic("gateway date"), Ct);

        // The date is at least one second after the server's now, rounded up to a whole second.
        Assert.False(string.IsNullOrEmpty(answer.Content));
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {watch.Elapsed}");
        Assert.Equal(2, server.Requests.CountForPath(ChatPath));
    }

    [Fact]
    public async Task GenerateCompletionAsync_429WithUnknownCodeAndRetryAfter_Retried()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        server.Faults.FailNext(1, 429, businessCode: null, retryAfter: TimeSpan.FromSeconds(1));
        using var client = CreateClient(server, QuickRetries);

        var answer = await client.GenerateCompletionAsync(Deterministic("status as code"), Ct);

        Assert.False(string.IsNullOrEmpty(answer.Content));
        Assert.Equal(2, server.Requests.CountForPath(ChatPath));
    }

    [Fact]
    public async Task GenerateCompletionAsync_RetryAfterBeyondMaxRetryDelay_NotRetriedAndTheExceptionCarriesIt()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        server.Faults.FailNextFromGateway(1, 429, TimeSpan.FromMinutes(2));
        using var client = CreateClient(server, QuickRetries);

        var ex = await Assert.ThrowsAsync<ZaiApiException>(() => client.GenerateCompletionAsync(Deterministic("come back later"), Ct));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(2), ex.RetryAfter);
        Assert.Equal(1, server.Requests.CountForPath(ChatPath));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("429")]
    [InlineData("1308")]
    public void IsTransient_429WithRetryAfter_True(string? code) =>
        Assert.True(new ZaiApiException("limited", HttpStatusCode.TooManyRequests, code, TimeSpan.FromSeconds(1)).IsTransient);

    [Fact]
    public void IsTransient_429PermanentCodeWithoutRetryAfter_False() =>
        Assert.False(new ZaiApiException("no balance", HttpStatusCode.TooManyRequests, "1113", null).IsTransient);
}
