using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using static Cortex.Samples.MemoryService.Tests.MemoryServiceFixture;

namespace Cortex.Samples.MemoryService.Tests;

// The MCP C# client against the running service over real HTTP (streamable HTTP at /mcp), as an agent connects to it.
public sealed class McpToolsTests(MemoryServiceFixture service) : IClassFixture<MemoryServiceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListTools_ReturnsMemoryStoreAndMemoryFind_WithTheirArguments()
    {
        await using var client = await ConnectAsync();

        var tools = await client.ListToolsAsync(cancellationToken: Ct);

        Assert.Equal(["memory_find", "memory_store"], tools.Select(t => t.Name).Order());
        var store = tools.Single(t => t.Name == "memory_store").ProtocolTool;
        Assert.Equal(["items"], Required(store.InputSchema));
        Assert.Equal(true, store.Annotations?.IdempotentHint);
        var find = tools.Single(t => t.Name == "memory_find").ProtocolTool;
        Assert.Equal(["query"], Required(find.InputSchema));
        Assert.Equal(["limit", "query", "scope", "types"], find.InputSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(true, find.Annotations?.ReadOnlyHint);
    }

    [Fact]
    public async Task MemoryStore_ThenMemoryFind_FindsTheStoredItemFirst_AndRestSeesIt()
    {
        var project = NewProject();
        await using var client = await ConnectAsync();

        var stored = await client.CallToolAsync("memory_store", Arguments(new
        {
            items = new[]
            {
                Item("decision", new { title = "Use GLM embeddings", content = "embedding-3 through the Z.AI client" }, project),
                Item("observation", new { title = "Latency spike", content = "p95 rose after deploy" }, project),
            },
        }), cancellationToken: Ct);

        Assert.NotEqual(true, stored.IsError);
        var storeResult = Json(stored);
        Assert.Equal(2, storeResult.GetProperty("stored").GetInt32());
        Assert.Equal(2, storeResult.GetProperty("ids").GetArrayLength());

        var found = await client.CallToolAsync("memory_find", Arguments(new { query = "latency spike after deploy", scope = new { project }, limit = 5 }), cancellationToken: Ct);

        Assert.NotEqual(true, found.IsError);
        var items = Json(found).GetProperty("items");
        Assert.Equal(2, items.GetArrayLength());
        Assert.Equal("observation", items[0].GetProperty("kind").GetString());
        Assert.Equal("Latency spike", items[0].GetProperty("data").GetProperty("title").GetString());
        Assert.Equal(storeResult.GetProperty("ids")[1].GetString(), items[0].GetProperty("id").GetString());

        // One store behind both doors: the REST endpoint finds what the tool stored.
        var rest = await service.FindAsync(new { query = "latency spike after deploy", scope = new { project } });
        Assert.Equal(2, rest.Items.Count);
    }

    [Fact]
    public async Task MemoryStore_TwiceTheSameContent_ReportsADuplicateWithTheSameId()
    {
        var project = NewProject();
        await using var client = await ConnectAsync();
        var arguments = Arguments(new { items = new[] { Item("todo", new { title = "rotate the key" }, project) } });

        var first = Json(await client.CallToolAsync("memory_store", arguments, cancellationToken: Ct));
        var second = Json(await client.CallToolAsync("memory_store", arguments, cancellationToken: Ct));

        Assert.Equal(0, second.GetProperty("stored").GetInt32());
        Assert.Equal(1, second.GetProperty("duplicates").GetInt32());
        Assert.Equal(first.GetProperty("ids")[0].GetString(), second.GetProperty("ids")[0].GetString());
        Assert.Equal(1UL, await service.CountPointsAsync(project));
    }

    [Theory]
    [InlineData("memory_store", """{ "items": [ { "kind": "gossip", "data": { "x": 1 } } ] }""", "items[0].kind")]
    [InlineData("memory_store", """{ "items": [ { "kind": "entity" } ] }""", "items[0].data")]
    [InlineData("memory_store", """{ "items": [] }""", "items")]
    [InlineData("memory_store", """{ "items": [ { "kind": "entity", "data": 1, "scope": { "project": "" } } ] }""", "items[0].scope.project")]
    [InlineData("memory_store", """{ "items": [ { "kind": 5, "data": 1 } ] }""", "items[0].kind")]
    [InlineData("memory_store", """{ }""", "items")]
    [InlineData("memory_store", """{ "items": "not a list" }""", "items")]
    [InlineData("memory_find", """{ "query": "" }""", "query")]
    [InlineData("memory_find", """{ "query": "x", "limit": 1000 }""", "limit")]
    [InlineData("memory_find", """{ "query": "x", "types": [ "entity", "gossip" ] }""", "types[1]")]
    [InlineData("memory_find", """{ "query": "x", "scope": { "branch": "   " } }""", "scope.branch")]
    [InlineData("memory_find", """{ "limit": 5 }""", "query")]
    [InlineData("memory_find", """{ "query": "x", "limit": "ten" }""", "limit")]
    public async Task Tools_BadArguments_ReturnAToolErrorNamingTheField(string tool, string arguments, string field)
    {
        await using var client = await ConnectAsync();

        var result = await client.CallToolAsync(tool, Parse(arguments), cancellationToken: Ct);

        Assert.True(result.IsError, Text(result));
        Assert.Contains(field, Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemoryFind_LimitNotANumber_SaysWhatTheFieldMustBe()
    {
        await using var client = await ConnectAsync();

        var result = await client.CallToolAsync("memory_find", Parse("""{ "query": "x", "limit": "ten" }"""), cancellationToken: Ct);

        Assert.True(result.IsError);
        Assert.Equal("Invalid arguments: limit is not valid here: expected an integer.", Text(result));
    }

    private async Task<McpClient> ConnectAsync()
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(service.Http.BaseAddress!, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
        });
        return await McpClient.CreateAsync(transport, cancellationToken: Ct);
    }

    private static Dictionary<string, object?> Arguments(object value) =>
        Parse(JsonSerializer.Serialize(value, JsonSerializerOptions.Web));

    private static Dictionary<string, object?> Parse(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!.ToDictionary(p => p.Key, p => (object?)p.Value);

    private static string Text(CallToolResult result) =>
        string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    private static JsonElement Json(CallToolResult result)
    {
        Assert.NotEqual(true, result.IsError);
        return JsonDocument.Parse(Text(result)).RootElement;
    }

    private static string[] Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) ? [.. required.EnumerateArray().Select(r => r.GetString()!).Order()] : [];
}
