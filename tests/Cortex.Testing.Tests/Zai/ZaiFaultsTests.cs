using System.Diagnostics;
using System.Net;
using Cortex.Testing.Zai;
using Microsoft.Extensions.Time.Testing;
using static Cortex.Testing.Tests.Zai.ZaiHttp;

namespace Cortex.Testing.Tests.Zai;

public sealed class ZaiFaultsTests
{
    [Theory]
    [InlineData(5000, 0)]
    [InlineData(1000, 1000)]
    public async Task Latency_FakeTime_AnswerWaitsAtLeastTheFixedLatency(int latencyMs, int jitterMs)
    {
        var time = new FakeTimeProvider();
        await using var server = await ZaiTestServer.StartAsync(new ZaiTestServerOptions { TimeProvider = time }, Ct);
        using var client = Client(server);
        server.Faults.Latency = TimeSpan.FromMilliseconds(latencyMs);
        server.Faults.LatencyJitter = TimeSpan.FromMilliseconds(jitterMs);

        var pending = client.PostAsync("chat/completions", ChatBody("slow"));
        await WaitUntilAsync(() => server.InFlightRequests == 1, "the request is held by latency");
        var advanced = await AdvanceUntilCompletedAsync(time, pending, TimeSpan.FromMilliseconds(100));

        Assert.True(advanced >= TimeSpan.FromMilliseconds(latencyMs), $"answered after {advanced} of fake time");
        using var response = await pending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Latency_RealClock_DelaysTheAnswer()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);
        server.Faults.Latency = TimeSpan.FromMilliseconds(150);

        var watch = Stopwatch.StartNew();
        await client.PostForJsonAsync("chat/completions", ChatBody("slow"));

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(140), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task Latency_ClientAborts_ServerStopsWaiting()
    {
        await using var server = await ZaiTestServer.StartAsync(new ZaiTestServerOptions { TimeProvider = new FakeTimeProvider() }, Ct);
        using var client = Client(server);
        server.Faults.Latency = TimeSpan.FromHours(1);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var pending = client.SendAsync(Post("chat/completions", ChatBody("never mind")), abort.Token);
        await WaitUntilAsync(() => server.InFlightRequests == 1, "the request is held by latency");
        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        await WaitUntilAsync(() => server.InFlightRequests == 0, "the server notices the abort");
    }

    [Theory]
    [InlineData("1302", null)]
    [InlineData("1303", null)]
    [InlineData("1305", null)]
    [InlineData("1302", 3)]
    [InlineData("1305", 1)]
    [InlineData("1113", null)]
    [InlineData("1304", null)]
    [InlineData("1308", null)]
    [InlineData("1309", null)]
    public async Task FailNext_429WithBusinessCode_ReturnsZaiBodyAndOptionalRetryAfter(string code, int? retryAfterSeconds)
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);
        server.Faults.FailNext(1, 429, code, retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null);

        using var response = await client.PostAsync("chat/completions", ChatBody("hi"));

        await AssertZaiErrorAsync(response, HttpStatusCode.TooManyRequests, code);
        Assert.Equal(retryAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null, response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task FailNext_FractionalRetryAfter_RoundsUpToWholeSeconds()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);
        server.Faults.FailNext(1, 429, "1302", TimeSpan.FromMilliseconds(1200));

        using var response = await client.PostAsync("chat/completions", ChatBody("hi"));

        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task FailNext_ServerError_ReturnsStatusWithStatusAsCode(int status)
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);
        server.Faults.FailNext(1, status);

        using var response = await client.PostAsync("embeddings", """{"model":"embedding-3","input":"x"}""");

        await AssertZaiErrorAsync(response, (HttpStatusCode)status, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task FailNext_Count_ConsumedInOrderThenSuccess()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);
        server.Faults.FailNext(2, 429, "1303");
        server.Faults.FailNext(1, 503);
        Assert.Equal(3, server.Faults.PendingFailures);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.PostAsync("chat/completions", ChatBody("retry me"));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
        Assert.Equal(0, server.Faults.PendingFailures);
    }

    [Fact]
    public async Task FailNext_UnauthenticatedRequest_DoesNotConsumeFailure()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var anonymous = Client(server, apiKey: "nope");
        server.Faults.FailNext(1, 500);

        using var response = await anonymous.PostAsync("chat/completions", ChatBody("hi"));

        await AssertZaiErrorAsync(response, HttpStatusCode.Unauthorized, "1000");
        Assert.Equal(1, server.Faults.PendingFailures);
    }

    [Fact]
    public async Task CutStreamAfter_TwoChunks_ClientGetsTwoEventsAndNoDone()
    {
        await using var server = await ZaiTestServer.StartAsync(new ZaiTestServerOptions { StreamChunkTokens = 1 }, Ct);
        using var client = Client(server);
        server.Faults.CutStreamAfter(2);
        var body = ChatBody("cut me off", ""","stream":true""");

        var cut = await client.StreamAsync(body);
        var next = await client.StreamAsync(body);

        Assert.Equal(2, cut.Events.Count);
        Assert.False(cut.Done);
        Assert.NotNull(cut.Broken);
        Assert.True(next.Done);
        Assert.StartsWith(cut.Content, next.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CutStreamAfter_AllChunks_OnlyDoneIsMissing()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);
        var body = ChatBody("almost complete", ""","stream":true""");
        var complete = await client.StreamAsync(body);
        server.Faults.CutStreamAfter(complete.Events.Count - 1);

        var cut = await client.StreamAsync(body);

        Assert.Equal(complete.Events.SkipLast(1).Count(), cut.Events.Count);
        Assert.False(cut.Done);
    }

    [Fact]
    public async Task CutStreamAfter_NonStreamingRequest_NotAffectedAndCutKept()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);
        server.Faults.CutStreamAfter(0);

        await client.PostForJsonAsync("chat/completions", ChatBody("plain"));
        var cut = await client.StreamAsync(ChatBody("streamed", ""","stream":true"""));

        Assert.Empty(cut.Events);
        Assert.False(cut.Done);
    }

    [Fact]
    public async Task ConcurrencyLimit_OneAboveLimit_ExactlyOneRefusedWith1302()
    {
        var time = new FakeTimeProvider();
        await using var server = await ZaiTestServer.StartAsync(new ZaiTestServerOptions { TimeProvider = time }, Ct);
        using var client = Client(server);
        server.Faults.ConcurrencyLimit = 2;
        server.Faults.Latency = TimeSpan.FromSeconds(1);

        var requests = Enumerable.Range(0, 3).Select(i => client.PostAsync("chat/completions", ChatBody($"request {i}"))).ToArray();
        using var refused = await await Task.WhenAny(requests);
        await AssertZaiErrorAsync(refused, HttpStatusCode.TooManyRequests, "1302");
        Assert.Equal(2, server.InFlightRequests);

        var all = Task.WhenAll(requests);
        await AdvanceUntilCompletedAsync(time, all, TimeSpan.FromSeconds(1));
        var responses = await all;
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Array.ForEach(responses, r => r.Dispose());
    }

    [Theory]
    [InlineData("sensitive")]
    [InlineData("network_error")]
    public async Task FinishReason_Override_ReportedInJsonAndStream(string reason)
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);
        server.Faults.FinishReason = reason;

        var completion = await client.PostForJsonAsync("chat/completions", ChatBody("hi"));
        var stream = await client.StreamAsync(ChatBody("hi", ""","stream":true"""));

        Assert.Equal(reason, FinishReason(completion));
        Assert.Equal(reason, stream.Chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.True(stream.Done);
    }

    [Fact]
    public async Task Reset_AfterEveryFault_ServerAnswersNormally()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);
        server.Faults.Latency = TimeSpan.FromHours(1);
        server.Faults.LatencyJitter = TimeSpan.FromHours(1);
        server.Faults.ConcurrencyLimit = 1;
        server.Faults.FinishReason = "sensitive";
        server.Faults.FailNext(5, 500);
        server.Faults.CutStreamAfter(0, 5);

        server.Faults.Reset();
        var stream = await client.StreamAsync(ChatBody("hi", ""","stream":true"""));

        Assert.True(stream.Done);
        Assert.Equal("stop", stream.Chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(TimeSpan.Zero, server.Faults.Latency);
        Assert.Null(server.Faults.ConcurrencyLimit);
        Assert.Equal(0, server.Faults.PendingFailures);
    }

    [Fact]
    public async Task Faults_InvalidArguments_Throw()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);

        Assert.Throws<ArgumentOutOfRangeException>(() => server.Faults.FailNext(0, 429));
        Assert.Throws<ArgumentOutOfRangeException>(() => server.Faults.FailNext(1, 200));
        Assert.Throws<ArgumentOutOfRangeException>(() => server.Faults.CutStreamAfter(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => server.Faults.ConcurrencyLimit = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => server.Faults.Latency = TimeSpan.FromSeconds(-1));
    }

    [Fact]
    public async Task FailNextFromGateway_RetryAfterSeconds_PlainPageWithoutZaiBodyThenSuccess()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);
        server.Faults.FailNextFromGateway(1, 429, TimeSpan.FromSeconds(2.5));

        using var refused = await client.PostAsync("chat/completions", ChatBody("gateway"));
        var body = await refused.Content.ReadAsStringAsync(Ct);
        using var next = await client.PostAsync("chat/completions", ChatBody("gateway"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("\"error\"", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task FailNextFromGateway_RetryAfterAsHttpDate_DateOnTheServerClockRoundedUp()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, 250, TimeSpan.Zero));
        await using var server = await ZaiTestServer.StartAsync(new ZaiTestServerOptions { TimeProvider = time }, Ct);
        using var client = Client(server);
        server.Faults.FailNextFromGateway(1, 503, TimeSpan.FromSeconds(10), retryAfterAsHttpDate: true);

        using var refused = await client.PostAsync("chat/completions", ChatBody("gateway date"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Null(refused.Headers.RetryAfter?.Delta);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 11, TimeSpan.Zero), refused.Headers.RetryAfter?.Date);
    }
}
