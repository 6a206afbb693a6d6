using Cortex.Tests.Shared;
using Cortex.Testing.Zai;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Cortex.Zai.Optimized.Tests.Infrastructure.ZaiFixture;

namespace Cortex.Zai.Optimized.Tests.DependencyInjection;

// AddCortexZai returns a builder for the follow-ups: the HTTP pipeline of exactly that client, without its client name.
public sealed class ZaiClientBuilderTests
{
    [Fact]
    public async Task AddCortexZai_ConfigureHttpClient_AddsAHandlerThatSeesEveryRequestOfThatClient()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        var seen = new RequestLog();
        ZaiClientBuilder? builder = null;
        using var host = TestHosts.Build([], (s, _) =>
            builder = s.AddCortexZai(o => Point(o, server, "glm-4.6"))
                .ConfigureHttpClient(http => http.AddHttpMessageHandler(() => new RecordingHandler(seen, "default"))));

        await host.Services.GetRequiredService<IChatClient>().GetResponseAsync("through the handler", cancellationToken: Ct);

        Assert.Equal(["default POST /api/paas/v4/chat/completions"], seen.Requests);
        Assert.Equal(Microsoft.Extensions.Options.Options.DefaultName, builder!.Name);
        Assert.Null(builder.ServiceKey);
    }

    [Fact]
    public async Task AddKeyedCortexZai_ConfigureHttpClient_ChangesOnlyThatClientsPipeline()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        var seen = new RequestLog();
        using var host = TestHosts.Build([], (s, _) =>
        {
            s.AddCortexZai(o => Point(o, server, "glm-4.6"))
                .ConfigureHttpClient(http => http.AddHttpMessageHandler(() => new RecordingHandler(seen, "default")));
            var coding = s.AddKeyedCortexZai("coding", o => Point(o, server, "glm-4.5-air"))
                .ConfigureHttpClient(http => http.AddHttpMessageHandler(() => new RecordingHandler(seen, "coding")));
            Assert.Equal(("coding", "coding"), (coding.Name, coding.ServiceKey as string));
            Assert.NotEqual(ZaiServiceCollectionExtensions.HttpClientName, coding.HttpClientName);
        });

        var response = await host.Services.GetRequiredKeyedService<IChatClient>("coding").GetResponseAsync("keyed only", cancellationToken: Ct);

        Assert.Equal("glm-4.5-air", response.ModelId);
        Assert.Equal(["coding POST /api/paas/v4/chat/completions"], seen.Requests);
    }

    [Fact]
    public void AddKeyedCortexZai_ConfigurationSection_BindsThatClientsOptionsOnly()
    {
        using var host = TestHosts.Build(
            new()
            {
                ["zai:coding:ApiKey"] = "k-coding",
                ["zai:coding:BaseUrl"] = "https://api.z.ai/api/coding/paas/v4",
                ["zai:coding:Model"] = "glm-4.5-air",
                ["zai:coding:Cache:MemoryCacheSize"] = "77",
                ["zai:coding:Cache:DefaultTtl"] = "90000",
            },
            (s, c) => s.AddKeyedCortexZai("coding", c.GetSection("zai:coding")));

        var options = host.Services.GetRequiredService<IOptionsMonitor<ZaiClientOptions>>();
        var coding = options.Get("coding");

        Assert.Equal(("k-coding", "https://api.z.ai/api/coding/paas/v4", "glm-4.5-air"), (coding.ApiKey, coding.BaseUrl, coding.Model));
        Assert.Equal((77, TimeSpan.FromSeconds(90)), (coding.Cache.MemoryCacheSize, coding.Cache.DefaultTtl));
        Assert.NotNull(host.Services.GetRequiredKeyedService<ZaiOptimizedClient>("coding"));
        Assert.Null(host.Services.GetService<ZaiOptimizedClient>());
    }

    private static void Point(ZaiClientOptions o, ZaiTestServer server, string model)
    {
        o.ApiKey = server.ApiKey;
        o.BaseUrl = server.BaseUri.ToString();
        o.Model = model;
    }

    private sealed class RequestLog
    {
        private readonly List<string> _requests = [];

        public IReadOnlyList<string> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        public void Add(string request)
        {
            lock (_requests)
            {
                _requests.Add(request);
            }
        }
    }

    private sealed class RecordingHandler(RequestLog log, string client) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            log.Add($"{client} {request.Method} {request.RequestUri!.AbsolutePath}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
