using System.Net;
using Cortex.Testing.Zai;
using static Cortex.Testing.Tests.Zai.ZaiHttp;

namespace Cortex.Testing.Tests.Zai;

public sealed class ZaiTestServerErrorTests
{
    [Fact]
    public async Task PostChat_NoAuthorization_Returns401With1001()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);
        client.DefaultRequestHeaders.Authorization = null;

        using var response = await client.PostAsync("chat/completions", ChatBody("hi"));

        await AssertZaiErrorAsync(response, HttpStatusCode.Unauthorized, "1001");
    }

    [Theory]
    [InlineData("wrong-key")]
    [InlineData("test-key-but-longer")]
    public async Task PostChat_WrongKey_Returns401With1000(string key)
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server, apiKey: key);

        using var response = await client.PostAsync("chat/completions", ChatBody("hi"));

        await AssertZaiErrorAsync(response, HttpStatusCode.Unauthorized, "1000");
    }

    [Fact]
    public async Task Post_CustomApiKey_OnlyThatKeyAccepted()
    {
        await using var server = await ZaiTestServer.StartAsync(new ZaiTestServerOptions { ApiKey = "sk-custom" }, Ct);
        using var good = Client(server);
        using var bad = Client(server, apiKey: "test-key");

        await good.PostForJsonAsync("chat/completions", ChatBody("hi"));
        using var response = await bad.PostAsync("chat/completions", ChatBody("hi"));

        Assert.Equal("sk-custom", server.ApiKey);
        await AssertZaiErrorAsync(response, HttpStatusCode.Unauthorized, "1000");
    }

    [Theory]
    [InlineData("models")]
    [InlineData("chat/completions/extra")]
    [InlineData("../v1/chat/completions")]
    public async Task Post_UnknownPath_Returns404With1222(string path)
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);

        using var response = await client.PostAsync(path, ChatBody("hi"));

        await AssertZaiErrorAsync(response, HttpStatusCode.NotFound, "1222");
    }

    [Fact]
    public async Task Get_ChatCompletions_Returns404With1222()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);

        using var response = await client.GetAsync(new Uri("chat/completions", UriKind.Relative), Ct);

        await AssertZaiErrorAsync(response, HttpStatusCode.NotFound, "1222");
    }

    [Theory]
    [InlineData("{not json", "1210")]
    [InlineData("[1,2]", "1210")]
    [InlineData("""{"model":"glm-4.6"}""", "1213")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", "1213")]
    [InlineData("""{"model":"glm-4.6","messages":[]}""", "1214")]
    [InlineData("""{"model":"glm-4.6","messages":[{"role":"robot","content":"hi"}]}""", "1214")]
    [InlineData("""{"model":"glm-4.6","messages":[{"role":"user"}]}""", "1213")]
    [InlineData("""{"model":"glm-4.6","messages":[{"role":"tool","content":"x"}]}""", "1213")]
    [InlineData("""{"model":"glm-4.6","messages":[{"role":"user","content":"hi"}],"temperature":1.5}""", "1214")]
    [InlineData("""{"model":"glm-4.6","messages":[{"role":"user","content":"hi"}],"max_tokens":0}""", "1214")]
    [InlineData("""{"model":"glm-4.6","messages":[{"role":"user","content":"hi"}],"thinking":{"type":"maybe"}}""", "1214")]
    [InlineData("""{"model":"glm-4.6","messages":[{"role":"user","content":"hi"}],"user_id":"u1"}""", "1214")]
    [InlineData("""{"model":"glm-4.6","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"xml"}}""", "1214")]
    [InlineData("""{"model":"glm-4.6","messages":[{"role":"user","content":"hi"}],"stream":"yes"}""", "1214")]
    public async Task PostChat_BadBody_Returns400WithParameterCode(string body, string code)
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);

        using var response = await client.PostAsync("chat/completions", body);

        await AssertZaiErrorAsync(response, HttpStatusCode.BadRequest, code);
    }
}
