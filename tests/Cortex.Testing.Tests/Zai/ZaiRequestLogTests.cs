using System.Net;
using Cortex.Testing.Zai;
using static Cortex.Testing.Tests.Zai.ZaiHttp;

namespace Cortex.Testing.Tests.Zai;

public sealed class ZaiRequestLogTests
{
    private const string ChatPath = "/api/paas/v4/chat/completions";
    private const string EmbeddingsPath = "/api/paas/v4/embeddings";

    [Fact]
    public async Task Requests_AfterCalls_CountedByPathBodyHashAndTotal()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);
        var body = ChatBody("count me");

        await client.PostForJsonAsync("chat/completions", body);
        await client.PostForJsonAsync("chat/completions", body);
        await client.PostForJsonAsync("embeddings", """{"model":"embedding-3","input":"x"}""");
        using var notFound = await client.PostAsync("nowhere", "{}");

        Assert.Equal(4, server.Requests.Total);
        Assert.Equal(2, server.Requests.CountForPath(ChatPath));
        Assert.Equal(1, server.Requests.CountForPath(EmbeddingsPath));
        Assert.Equal(1, server.Requests.CountForPath("/api/paas/v4/nowhere"));
        Assert.Equal(2, server.Requests.CountForBodyHash(ZaiRequestLog.HashBody(body)));
        Assert.Equal(0, server.Requests.CountForBodyHash(ZaiRequestLog.HashBody(ChatBody("never sent"))));
    }

    [Fact]
    public void HashBody_FormattingAndKeyOrder_Ignored()
    {
        var compact = ZaiRequestLog.HashBody("""{"model":"glm-4.6","messages":[{"role":"user","content":"hi"}]}""");
        var reordered = ZaiRequestLog.HashBody("""
            {
              "messages": [ { "content": "hi", "role": "user" } ],
              "model": "glm-4.6"
            }
            """);

        Assert.Equal(compact, reordered);
        Assert.Equal(64, compact.Length);
        Assert.NotEqual(compact, ZaiRequestLog.HashBody("""{"model":"glm-4.6","messages":[{"role":"user","content":"hi!"}]}"""));
        Assert.Equal(64, ZaiRequestLog.HashBody("not json").Length);
    }

    [Fact]
    public async Task Last_RecentRequests_OldestFirstWithMethodPathHeadersAndBody()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);
        client.DefaultRequestHeaders.Add("X-Trace", "t-1");

        await client.PostForJsonAsync("chat/completions", ChatBody("first", ""","request_id":"r-1" """));
        await client.PostForJsonAsync("chat/completions", ChatBody("second", ""","request_id":"r-2" """));

        var last = server.Requests.Last(5);
        Assert.Equal(2, last.Count);
        Assert.Contains("\"request_id\":\"r-1\"", last[0].Body, StringComparison.Ordinal);
        Assert.Contains("\"request_id\":\"r-2\"", last[1].Body, StringComparison.Ordinal);
        Assert.All(last, r => Assert.Equal("POST", r.Method));
        Assert.All(last, r => Assert.Equal(ChatPath, r.Path));
        Assert.All(last, r => Assert.Equal("t-1", r.Headers["x-trace"]));
        Assert.Equal(ZaiRequestLog.HashBody(last[1].Body), last[1].BodyHash);
        Assert.Single(server.Requests.Last(1));
    }

    [Fact]
    public async Task Last_RequestsWithApiKey_KeyNeverRecorded()
    {
        const string key = "sk-very-secret-key";
        await using var server = await ZaiTestServer.StartAsync(new ZaiTestServerOptions { ApiKey = key }, Ct);
        using var client = Client(server);
        client.DefaultRequestHeaders.Add("x-api-key", key);
        using var wrong = Client(server, apiKey: key + "-typo");

        await client.PostForJsonAsync("chat/completions", ChatBody("hi"));
        using var refused = await wrong.PostAsync("chat/completions", ChatBody("hi"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var recorded = server.Requests.Last(10);
        Assert.Equal(2, recorded.Count);
        Assert.All(recorded, r => Assert.False(r.Headers.ContainsKey("Authorization")));
        Assert.All(recorded, r => Assert.DoesNotContain(r.Headers.Values, v => v.Contains(key, StringComparison.Ordinal)));
        Assert.Equal("[redacted]", recorded[0].Headers["x-api-key"]);
    }

    [Fact]
    public async Task Last_CapacityReached_KeepsNewestButCountsAll()
    {
        await using var server = await ZaiTestServer.StartAsync(new ZaiTestServerOptions { RequestLogCapacity = 2 }, Ct);
        using var client = Client(server);

        for (var i = 0; i < 3; i++)
        {
            await client.PostForJsonAsync("embeddings", $$"""{"model":"embedding-3","input":"text {{i}}"}""");
        }

        Assert.Equal(3, server.Requests.Total);
        var kept = server.Requests.Last(10);
        Assert.Equal(2, kept.Count);
        Assert.Contains("text 1", kept[0].Body, StringComparison.Ordinal);
        Assert.Contains("text 2", kept[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clear_AfterCalls_ResetsCountersAndLog()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);
        await client.PostForJsonAsync("chat/completions", ChatBody("x"));

        server.Requests.Clear();

        Assert.Equal(0, server.Requests.Total);
        Assert.Equal(0, server.Requests.CountForPath(ChatPath));
        Assert.Empty(server.Requests.Last(10));
    }
}
