using System.Collections.Concurrent;
using Cortex.LoadTesting.Tests.Support;
using Cortex.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Cortex.LoadTesting.Tests.Steps;

public sealed class HttpStepTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Http_InAHostLoggingEverything_WritesNoLinePerRequest()
    {
        await using var target = await Target.StartAsync(Ct);
        using var provider = new FakeLoggerProvider();
        using var host = TestHosts.Build([], (services, _) =>
        {
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(provider));
            services.AddCortexLoadTesting();
        });

        var result = await host.Services.GetRequiredService<LoadTestFrameworkFactory>().Create(Iterations(new { url = target.Url("ok") }, 20)).ExecuteAsync(Ct);

        Assert.InRange(result.Requests.Count, 1, 20);
        Assert.Equal(0, result.Requests.Errors);
        Assert.DoesNotContain(provider.Collector.GetSnapshot(), r => (r.Category ?? string.Empty).StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Http_BodyWithContentTypeHeader_SendsTheGivenContentType()
    {
        await using var target = await Target.StartAsync(Ct);
        using var host = TestHosts.Build([], (services, _) => services.AddCortexLoadTesting());
        var parameters = new
        {
            method = "POST",
            url = target.Url("echo"),
            body = new { q = 1 },
            headers = new Dictionary<string, string> { ["Content-Type"] = "application/vnd.test+json" },
            expectedStatus = 200,
        };

        var result = await host.Services.GetRequiredService<LoadTestFrameworkFactory>().Create(Iterations(parameters, 3)).ExecuteAsync(Ct);

        Assert.Equal(0, result.Requests.Errors);
        Assert.Equal(["application/vnd.test+json"], target.ContentTypes.Distinct());
    }

    [Fact]
    public async Task Http_LargeBody_IsReadToTheEndAndTheConnectionReused()
    {
        await using var target = await Target.StartAsync(Ct);
        using var host = TestHosts.Build([], (services, _) => services.AddCortexLoadTesting());

        var result = await host.Services.GetRequiredService<LoadTestFrameworkFactory>().Create(Iterations(new { url = target.Url("large") }, 10)).ExecuteAsync(Ct);

        Assert.InRange(result.Requests.Count, 2, 10);
        Assert.Equal(0, result.Requests.Errors);
        Assert.Equal(1, target.Connections);
    }

    [Fact]
    public async Task Http_Placeholders_AreFilledForEveryRequest()
    {
        await using var target = await Target.StartAsync(Ct);
        using var host = TestHosts.Build([], (services, _) => services.AddCortexLoadTesting());
        var parameters = new
        {
            method = "POST",
            url = target.Url("items/u{user}-i{iteration}"),
            body = new { user = "{user}", iteration = "{iteration}" },
            headers = new Dictionary<string, string> { ["X-Request"] = "r{random}" },
            expectedStatus = 200,
        };

        var result = await host.Services.GetRequiredService<LoadTestFrameworkFactory>().Create(Iterations(parameters, 5)).ExecuteAsync(Ct);

        Assert.Equal(0, result.Requests.Errors);
        var calls = target.Items.ToList();
        Assert.NotEmpty(calls);
        Assert.All(calls, c => Assert.Matches(@"^u0-i(\d+) {""user"":""0"",""iteration"":""\1""} r\d+$", c));
        Assert.Equal(calls.Count, calls.Distinct().Count());
    }

    /// <summary>At most <paramref name="count"/> iterations in one second by one user, so one connection (an arrival that finds it busy is dropped).</summary>
    private static LoadTestOptions Iterations(object parameters, int count) => Plans.HttpIterations(parameters, count);

    /// <summary>A Kestrel server on 127.0.0.1: <c>/ok</c>, <c>/echo</c> (200 and the request's Content-Type kept), <c>/items/{id}</c> (id, body and X-Request kept), <c>/large</c> (256 KiB).</summary>
    private sealed class Target : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentDictionary<string, byte> _connections = new();
        private readonly Uri _base;

        private Target(WebApplication app, Uri baseUri)
        {
            _app = app;
            _base = baseUri;
        }

        public ConcurrentQueue<string?> ContentTypes { get; } = new();

        public ConcurrentQueue<string> Items { get; } = new();

        public int Connections => _connections.Count;

        public static async Task<Target> StartAsync(CancellationToken cancellationToken)
        {
            Target? target = null;
            var large = new byte[256 * 1024];
            var (app, baseUri) = await LoopbackApp.StartAsync(
                app =>
                {
                    app.Use((context, next) =>
                    {
                        target!._connections.TryAdd(context.Connection.Id, 0);
                        return next(context);
                    });
                    app.MapGet("/ok", () => "ok");
                    app.MapPost("/echo", (HttpRequest request) =>
                    {
                        target!.ContentTypes.Enqueue(request.ContentType);
                        return Microsoft.AspNetCore.Http.Results.Ok();
                    });
                    app.MapPost("/items/{id}", async (string id, HttpRequest request) =>
                    {
                        using var reader = new StreamReader(request.Body);
                        target!.Items.Enqueue($"{id} {await reader.ReadToEndAsync()} {request.Headers["X-Request"]}");
                        return Microsoft.AspNetCore.Http.Results.Ok();
                    });
                    app.MapGet("/large", () => Microsoft.AspNetCore.Http.Results.Bytes(large, "application/octet-stream"));
                },
                cancellationToken);
            target = new Target(app, baseUri);
            return target;
        }

        public string Url(string path) => new Uri(_base, path).ToString();

        public ValueTask DisposeAsync() => LoopbackApp.StopAsync(_app);
    }
}
