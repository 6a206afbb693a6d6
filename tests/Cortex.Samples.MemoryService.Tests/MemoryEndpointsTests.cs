using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Cortex.Samples.MemoryService.Tests.MemoryServiceFixture;

namespace Cortex.Samples.MemoryService.Tests;

public sealed class MemoryEndpointsTests(MemoryServiceFixture service) : IClassFixture<MemoryServiceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Store_ThenFind_ReturnsTheStoredItemFirst()
    {
        var project = NewProject();
        await service.StoreAsync(
            Item("entity", new { title = "Qdrant connection pool", content = "weighted round robin across nodes" }, project),
            Item("decision", new { title = "Use GLM embeddings", content = "embedding-3 through the Z.AI client" }, project),
            Item("observation", new { title = "Latency spike", content = "p95 rose after deploy" }, project));

        var found = await service.FindAsync(new { query = "latency spike after deploy", scope = new { project } });

        Assert.Equal(3, found.Items.Count);
        var first = found.Items[0];
        Assert.Equal("observation", first.Kind);
        Assert.Equal("Latency spike", first.Data.GetProperty("title").GetString());
        Assert.Equal(project, first.Scope.Project);
        Assert.True(first.Score > found.Items[1].Score);
    }

    [Fact]
    public async Task Find_WithScope_ReturnsOnlyThatProject()
    {
        var projectA = NewProject();
        var projectB = NewProject();
        await service.StoreAsync(
            Item("entity", new { title = "shared words in both projects" }, projectA),
            Item("entity", new { title = "shared words in both projects", secret = "only B" }, projectB));

        var found = await service.FindAsync(new { query = "shared words", scope = new { project = projectA } });

        var item = Assert.Single(found.Items);
        Assert.Equal(projectA, item.Scope.Project);
    }

    [Fact]
    public async Task Find_WithTypes_ReturnsOnlyThoseKinds()
    {
        var project = NewProject();
        await service.StoreAsync(
            Item("entity", new { title = "alpha" }, project),
            Item("todo", new { title = "alpha todo" }, project),
            Item("incident", new { title = "alpha incident" }, project));

        var found = await service.FindAsync(new { query = "alpha", scope = new { project }, types = new[] { "todo", "incident" } });

        Assert.Equal(["incident", "todo"], found.Items.Select(i => i.Kind).Order());
    }

    [Fact]
    public async Task Store_SameItemTwice_CountsADuplicateAndKeepsOnePoint()
    {
        var project = NewProject();
        var first = await service.StoreAsync(Item("entity", new { a = 1, b = "two" }, project));

        // The same content with its properties in another order is the same memory.
        using var reordered = JsonDocument.Parse("""{"b":"two","a":1}""");
        var second = await service.StoreAsync(Item("entity", reordered.RootElement, project));

        Assert.Equal((1, 0), (first.Stored, first.Duplicates));
        Assert.Equal((0, 1), (second.Stored, second.Duplicates));
        Assert.Equal(first.Ids, second.Ids);
        Assert.Equal(1UL, await service.CountPointsAsync(project));
    }

    [Fact]
    public async Task Store_HundredConcurrentRequests_LosesNothing()
    {
        var project = NewProject();
        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            service.StoreAsync(Item("observation", new { title = $"concurrent item {i}", n = i }, project))));

        Assert.All(results, r => Assert.Equal(1, r.Stored));
        Assert.Equal(100, results.SelectMany(r => r.Ids).Distinct().Count());
        Assert.Equal(100UL, await service.CountPointsAsync(project));
    }

    [Theory]
    [InlineData("/memory/store", """{"items":[{"kind":"spaceship","data":{"x":1}}]}""", "items[0].kind")]
    [InlineData("/memory/store", """{"items":[{"kind":"entity"}]}""", "items[0].data")]
    [InlineData("/memory/store", """{}""", "items")]
    [InlineData("/memory/store", """{"items":[{"kind":"entity","data":1,"scope":{"project":""}}]}""", "items[0].scope.project")]
    [InlineData("/memory/find", """{"query":"x","limit":0}""", "limit")]
    [InlineData("/memory/find", """{"limit":5}""", "query")]
    [InlineData("/memory/find", """{"query":"x","types":["entity","nope"]}""", "types[1]")]
    [InlineData("/memory/find", """{"query":"x","limit":"ten"}""", "limit")]
    public async Task Post_BadInput_Returns400ProblemNamingTheField(string path, string body, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await service.Http.PostAsync(path, content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
    }
}
