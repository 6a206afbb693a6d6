using System.Net;
using System.Text.Json;
using Cortex.Testing.Zai;
using static Cortex.Testing.Tests.Zai.ZaiHttp;

namespace Cortex.Testing.Tests.Zai;

public sealed class ZaiTestServerEmbeddingsTests
{
    [Fact]
    public async Task PostEmbeddings_SingleString_ReturnsUnitVectorOfDefaultDimension()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);

        var result = await client.PostForJsonAsync("embeddings", """{"model":"embedding-3","input":"a cat on a mat"}""");

        Assert.Equal("list", result.GetProperty("object").GetString());
        Assert.Equal("embedding-3", result.GetProperty("model").GetString());
        var item = Assert.Single(result.GetProperty("data").EnumerateArray());
        Assert.Equal("embedding", item.GetProperty("object").GetString());
        Assert.Equal(0, item.GetProperty("index").GetInt32());
        var vector = Vector(item);
        Assert.Equal(256, vector.Length);
        Assert.Equal(1.0, Norm(vector), 4);
        Assert.Equal(5, result.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(5, result.GetProperty("usage").GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task PostEmbeddings_Batch_PreservesOrderAndIsDeterministic()
    {
        await using var server = await ZaiTestServer.StartAsync(new ZaiTestServerOptions { EmbeddingDimension = 64 }, Ct);
        using var client = Client(server);

        var batch = await client.PostForJsonAsync("embeddings", """{"model":"embedding-3","input":["one","two","three"]}""");
        var single = await client.PostForJsonAsync("embeddings", """{"model":"embedding-3","input":"two"}""");

        var data = batch.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal([0, 1, 2], data.Select(d => d.GetProperty("index").GetInt32()));
        var vectors = data.Select(Vector).ToArray();
        Assert.All(vectors, v => Assert.Equal(64, v.Length));
        Assert.All(vectors, v => Assert.Equal(1.0, Norm(v), 4));
        Assert.Equal(vectors[1], Vector(single.GetProperty("data")[0]));
        Assert.NotEqual(vectors[0], vectors[1]);
        Assert.NotEqual(vectors[1], vectors[2]);
    }

    [Fact]
    public async Task PostEmbeddings_DimensionsField_OverridesDefault()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);

        var result = await client.PostForJsonAsync("embeddings", """{"model":"embedding-3","input":"x","dimensions":1024}""");

        Assert.Equal(1024, Vector(result.GetProperty("data")[0]).Length);
    }

    [Fact]
    public async Task PostEmbeddings_SharedWords_CloserThanUnrelatedAndReorderedDiffers()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);

        var result = await client.PostForJsonAsync("embeddings",
            """{"model":"embedding-3","input":["the cat sat on the mat","a cat on the mat","quarterly revenue grew strongly","mat the on sat cat the"]}""");

        var v = result.GetProperty("data").EnumerateArray().Select(Vector).ToArray();
        Assert.True(Dot(v[0], v[1]) > Dot(v[0], v[2]) + 0.3, $"{Dot(v[0], v[1])} vs {Dot(v[0], v[2])}");
        Assert.NotEqual(v[0], v[3]);
    }

    [Theory]
    [InlineData("""{"model":"embedding-3"}""", "1213")]
    [InlineData("""{"input":"x"}""", "1213")]
    [InlineData("""{"model":"embedding-3","input":[]}""", "1214")]
    [InlineData("""{"model":"embedding-3","input":[""]}""", "1214")]
    [InlineData("""{"model":"embedding-3","input":[1,2,3]}""", "1214")]
    [InlineData("""{"model":"embedding-3","input":"x","dimensions":0}""", "1214")]
    public async Task PostEmbeddings_BadBody_Returns400WithParameterCode(string body, string code)
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = Client(server);

        using var response = await client.PostAsync("embeddings", body);

        await AssertZaiErrorAsync(response, HttpStatusCode.BadRequest, code);
    }

    private static float[] Vector(JsonElement item) =>
        item.GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray();

    private static double Norm(float[] v) => Math.Sqrt(Dot(v, v));

    private static double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();
}
