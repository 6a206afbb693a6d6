using Cortex.Testing.Zai;
using Cortex.Tests.Shared;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Production.Tests.DependencyInjection;

// AddCortexProduction returns a builder that reaches the components it wired, so that a host configures the Z.AI
// client's HTTP pipeline or the pool without knowing how they are registered.
public sealed class ProductionBuilderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddCortexProduction_ZaiConfigureHttpClient_HandlerSeesTheWiredClientsRequests()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        var seen = 0;
        ProductionBuilder? production = null;
        using var host = TestHosts.Build(
            new()
            {
                ["production:enableConnectionPooling"] = "false",
                ["production:enablePerformanceMonitoring"] = "false",
                ["production:enableLoadTesting"] = "false",
                ["zai:ApiKey"] = server.ApiKey,
                ["zai:BaseUrl"] = server.BaseUri.ToString(),
            },
            (s, c) =>
            {
                production = s.AddCortexProduction(c);
                production.Zai!.ConfigureHttpClient(http => http.AddHttpMessageHandler(() => new CountingHandler(() => Interlocked.Increment(ref seen))));
            });

        await host.Services.GetRequiredService<IChatClient>().GetResponseAsync("through production's builder", cancellationToken: Ct);

        Assert.Equal(1, Volatile.Read(ref seen));
        Assert.Null(production!.QdrantPool);
        Assert.Equal(Microsoft.Extensions.Options.Options.DefaultName, production.Name);
    }

    [Fact]
    public void AddCortexProduction_EveryComponentEnabled_ExposesEachComponentsBuilder()
    {
        ProductionBuilder? production = null;
        using var host = TestHosts.Build([], (s, c) => production = s.AddCortexProduction(c));

        Assert.Equal("cortex-qdrant", production!.QdrantPool!.HealthCheckName);
        Assert.Equal(ZaiServiceCollectionExtensions.HttpClientName, production.Zai!.HttpClientName);
        Assert.Same(production.Services, production.Zai.Services);
    }

    private sealed class CountingHandler(Action onRequest) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onRequest();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
