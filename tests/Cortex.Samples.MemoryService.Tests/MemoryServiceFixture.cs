using System.Net.Http.Json;
using System.Text.Json;
using Cortex.Qdrant.Pooling;
using Cortex.Samples.MemoryService;
using Cortex.Samples.MemoryService.Memory;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Qdrant.Client.Grpc;

namespace Cortex.Samples.MemoryService.Tests;

/// <summary>One memory service, embedded, on 127.0.0.1 with a free port; each test works in a project of its own.</summary>
public sealed class MemoryServiceFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public async ValueTask InitializeAsync()
    {
        _app = await MemoryServiceHost.BuildAsync(["--urls", "http://127.0.0.1:0", "--environment", "Development"]);
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public static string NewProject() => $"project-{Guid.NewGuid():N}";

    public static object Item(string kind, object data, string project, string? branch = null) =>
        new { kind, data, scope = new { project, branch } };

    public async Task<StoreResult> StoreAsync(params object[] items)
    {
        using var response = await Http.PostAsJsonAsync("/memory/store", new { items }, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync<StoreResult>(JsonSerializerOptions.Web, TestContext.Current.CancellationToken))!;
    }

    public async Task<FindResult> FindAsync(object request)
    {
        using var response = await Http.PostAsJsonAsync("/memory/find", request, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync<FindResult>(JsonSerializerOptions.Web, TestContext.Current.CancellationToken))!;
    }

    /// <summary>Counts the points of one project straight from Qdrant, with the official client through the pool.</summary>
    public Task<ulong> CountPointsAsync(string project)
    {
        var store = Services.GetRequiredService<MemoryStore>();
        var pool = Services.GetRequiredService<QdrantPooledClient>();
        return pool.ReadAsync(
            (c, ct) => c.CountAsync(store.Collection, Conditions.MatchKeyword("project", project), exact: true, cancellationToken: ct),
            cancellationToken: TestContext.Current.CancellationToken);
    }
}
