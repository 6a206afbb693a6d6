using System.Collections.Concurrent;
using System.Net;
using Cortex.LoadTesting.Tests.Support;
using Cortex.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Cortex.LoadTesting.Tests;

// The engine's own settings (the http step's connections) through the overload set every package has: none,
// Action<LoadTestingOptions> and the loadTesting section; each observed on a real Kestrel target.
public sealed class LoadTestingOptionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddCortexLoadTesting_SectionTurnsRedirectsOff_TheStepSeesTheRedirect()
    {
        await using var target = await Target.StartAsync(Ct);
        var redirect = new { url = target.Url("moved"), expectedStatus = 302 };

        using var following = TestHosts.Build([], (services, _) => services.AddCortexLoadTesting());
        using var notFollowing = TestHosts.Build(
            new() { ["loadTesting:http:allowAutoRedirect"] = "false" },
            (services, configuration) => services.AddCortexLoadTesting(configuration.GetSection("loadTesting")));

        var followed = await RunAsync(following, Plans.HttpIterations(redirect, 3));
        var seen = await RunAsync(notFollowing, Plans.HttpIterations(redirect, 3));

        Assert.Equal(followed.Requests.Count, followed.Requests.Errors);
        Assert.Equal(0, seen.Requests.Errors);
        Assert.InRange(seen.Requests.Count, 1, 3);
    }

    [Fact]
    public async Task AddCortexLoadTesting_ActionLimitsConnections_FourBusyUsersShareOneConnection()
    {
        var plan = SlowRequests(users: 4);

        await using var unlimitedTarget = await Target.StartAsync(Ct);
        using (var unlimited = TestHosts.Build([], (services, _) => services.AddCortexLoadTesting()))
        {
            Assert.Equal(0, (await RunAsync(unlimited, plan(unlimitedTarget))).Requests.Errors);
        }

        await using var limitedTarget = await Target.StartAsync(Ct);
        using (var limited = TestHosts.Build([], (services, _) => services.AddCortexLoadTesting(o => o.Http.MaxConnectionsPerServer = 1)))
        {
            var result = await RunAsync(limited, plan(limitedTarget));
            Assert.Equal(0, result.Requests.Errors);
            Assert.True(result.Requests.Count >= 2, $"{result.Requests.Count} requests");
        }

        Assert.True(unlimitedTarget.Connections > 1, $"the control run used {unlimitedTarget.Connections} connection(s)");
        Assert.Equal(1, limitedTarget.Connections);
    }

    [Fact]
    public void AddCortexLoadTesting_CodeAfterTheSection_CodeWins()
    {
        using var host = TestHosts.Build(
            new() { ["loadTesting:http:maxConnectionsPerServer"] = "7", ["loadTesting:http:connectTimeout"] = "2500" },
            (services, configuration) =>
            {
                services.AddCortexLoadTesting(configuration.GetSection("loadTesting"));
                services.AddCortexLoadTesting(o => o.Http.MaxConnectionsPerServer = 3);
            });

        var http = host.Services.GetRequiredService<IOptions<LoadTestingOptions>>().Value.Http;

        Assert.Equal((3, TimeSpan.FromMilliseconds(2500)), (http.MaxConnectionsPerServer, http.ConnectTimeout));
    }

    [Fact]
    public async Task AddCortexLoadTesting_TheReadmesAppSettings_BindsAndValidatesWithoutWarnings()
    {
        var json = RepositoryFiles.FencedBlock("src/Cortex.LoadTesting/README.md", "json", "## Engine settings (`appsettings.json`)");
        using var logs = new FakeLoggerProvider();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        builder.Services.AddLogging(b => b.AddProvider(logs));
        builder.Services.AddCortexLoadTesting(builder.Configuration.GetSection("loadTesting"));
        using var host = builder.Build();

        await host.StartAsync(Ct);
        await host.StopAsync(Ct);

        var http = host.Services.GetRequiredService<IOptions<LoadTestingOptions>>().Value.Http;
        Assert.Equal((256, TimeSpan.FromSeconds(5), false, 10), (http.MaxConnectionsPerServer, http.ConnectTimeout, http.AllowAutoRedirect, http.MaxAutomaticRedirections));
        Assert.DoesNotContain(logs.Collector.GetSnapshot(), r => r.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task AddCortexLoadTesting_BadSettings_TheHostFailsAtStartNamingEachField()
    {
        using var host = TestHosts.Build(
            new() { ["loadTesting:http:maxConnectionsPerServer"] = "0", ["loadTesting:http:connectTimeout"] = "00:10:00" },
            (services, configuration) => services.AddCortexLoadTesting(configuration.GetSection("loadTesting")));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains("LoadTestingOptions.Http.MaxConnectionsPerServer (0)", error.Message, StringComparison.Ordinal);
        Assert.Contains("LoadTestingOptions.Http.ConnectTimeout (00:10:00)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddCortexLoadTesting_MisspelledKey_IsLoggedWithTheSettingItMeant()
    {
        using var logs = new FakeLoggerProvider();
        using var host = TestHosts.Build(
            new() { ["loadTesting:http:maxConnectionPerServer"] = "5" },
            (services, configuration) =>
            {
                services.AddLogging(b => b.AddProvider(logs));
                services.AddCortexLoadTesting(configuration.GetSection("loadTesting"));
            });

        await host.StartAsync(Ct);
        await host.StopAsync(Ct);

        var warning = Assert.Single(logs.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains("maxConnectionPerServer", warning.Message, StringComparison.Ordinal);
        Assert.Contains("MaxConnectionsPerServer", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddCortexLoadTesting_CalledAgainAfterTheHostChangedThePrimaryHandler_KeepsTheHostsHandler()
    {
        var answered = 0;
        using var host = TestHosts.Build([], (services, _) =>
        {
            services.AddCortexLoadTesting().ConfigureHttpClient(b => b.ConfigurePrimaryHttpMessageHandler(() => new Answering(() => Interlocked.Increment(ref answered))));
            services.AddCortexLoadTesting();
        });

        // Nothing listens on port 9 of loopback: only the host's primary handler can answer.
        var result = await RunAsync(host, Plans.HttpIterations(new { url = "http://127.0.0.1:9/x", expectedStatus = 202 }, 3));

        Assert.Equal(0, result.Requests.Errors);
        Assert.Equal(result.Requests.Count, Volatile.Read(ref answered));
    }

    private static Task<Results.LoadTestResult> RunAsync(IHost host, LoadTestOptions plan) =>
        host.Services.GetRequiredService<LoadTestFrameworkFactory>().Create(plan).ExecuteAsync(Ct);

    /// <summary>Arrivals every 50 ms for a second against a 200 ms endpoint: <paramref name="users"/> requests in flight at once.</summary>
    private static Func<Target, LoadTestOptions> SlowRequests(int users) => target =>
    {
        var plan = Plans.HttpIterations(new { url = target.Url("slow") }, 20);
        plan.PreAllocatedUsers = users;
        plan.MaxUsers = users;
        return plan;
    };

    private sealed class Answering(Action count) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            count();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new StringContent("ok") });
        }
    }

    /// <summary>A Kestrel server on 127.0.0.1 counting its connections: <c>/ok</c>, <c>/moved</c> (302 to /ok), <c>/slow</c> (200 after 200 ms).</summary>
    private sealed class Target : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentDictionary<string, byte> _connections;
        private readonly Uri _base;

        private Target(WebApplication app, Uri baseUri, ConcurrentDictionary<string, byte> connections)
        {
            _app = app;
            _base = baseUri;
            _connections = connections;
        }

        public int Connections => _connections.Count;

        public static async Task<Target> StartAsync(CancellationToken cancellationToken)
        {
            var connections = new ConcurrentDictionary<string, byte>();
            var (app, baseUri) = await LoopbackApp.StartAsync(
                app =>
                {
                    app.Use((context, next) =>
                    {
                        connections.TryAdd(context.Connection.Id, 0);
                        return next(context);
                    });
                    app.MapGet("/ok", () => "ok");
                    app.MapGet("/moved", () => Microsoft.AspNetCore.Http.Results.Redirect("/ok"));
                    app.MapGet("/slow", async () =>
                    {
                        await Task.Delay(200);
                        return "slow";
                    });
                },
                cancellationToken);
            return new Target(app, baseUri, connections);
        }

        public string Url(string path) => new Uri(_base, path).ToString();

        public ValueTask DisposeAsync() => LoopbackApp.StopAsync(_app);
    }
}
