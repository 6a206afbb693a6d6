using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cortex.Testing.Zai;
using static Cortex.Testing.Tests.Zai.ZaiHttp;

namespace Cortex.Testing.Tests.Zai;

public sealed class ZaiCompressionTests
{
    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task PostChat_AcceptEncoding_ResponseCompressed(string encoding)
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server, DecompressionMethods.None);
        using var request = Post("chat/completions", ChatBody("compress me"));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        await using var raw = await response.Content.ReadAsStreamAsync(Ct);
        await using Stream decoded = encoding == "gzip" ? new GZipStream(raw, CompressionMode.Decompress) : new BrotliStream(raw, CompressionMode.Decompress);
        using var completion = await JsonDocument.ParseAsync(decoded, cancellationToken: Ct);
        Assert.Equal("chat.completion", completion.RootElement.GetProperty("object").GetString());
    }

    [Fact]
    public async Task PostChat_NoAcceptEncoding_ResponseNotCompressed()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server, DecompressionMethods.None);

        using var response = await client.PostAsync("chat/completions", ChatBody("plain"));

        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task PostChat_StreamWithAcceptGzip_NotCompressedAndComplete()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server, DecompressionMethods.None);
        using var request = Post("chat/completions", ChatBody("stream", ""","stream":true"""));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        var stream = await ReadEventsAsync(response);

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.True(stream.Done);
    }

    [Fact]
    public async Task PostChat_GzipRequestBody_AcceptedAndLoggedDecompressed()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);
        var json = ChatBody("sent compressed");
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = new ByteArrayContent(Gzip(json)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Content.Headers.ContentEncoding.Add("gzip");

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.EndsWith("re: sent compressed", Message(JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement).GetProperty("content").GetString(), StringComparison.Ordinal);
        var recorded = Assert.Single(server.Requests.Last(1));
        Assert.Equal("gzip", recorded.Headers["Content-Encoding"]);
        Assert.Equal(json, recorded.Body);
    }

    [Fact]
    public async Task PostChat_CorruptGzipBody_Returns400With1210()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = new ByteArrayContent("not gzip at all"u8.ToArray()) };
        request.Content.Headers.ContentEncoding.Add("gzip");

        using var response = await client.SendAsync(request, Ct);

        await AssertZaiErrorAsync(response, HttpStatusCode.BadRequest, "1210");
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }
}
