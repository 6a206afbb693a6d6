using System.Net;
using Cortex.Abstractions.Steps;
using Cortex.LoadTesting.Steps;
using Cortex.LoadTesting.Tests.Support;
using Cortex.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.LoadTesting.Tests;

// AddCortexLoadTesting returns a builder whose follow-ups reach the engine's registrations.
public sealed class LoadTestingBuilderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void AddCortexLoadTesting_Builder_NamesTheDefaultOptionsInTheSameServices()
    {
        var services = new ServiceCollection();

        var builder = services.AddCortexLoadTesting();

        Assert.Same(services, builder.Services);
        Assert.Equal(Microsoft.Extensions.Options.Options.DefaultName, builder.Name);
    }

    [Fact]
    public async Task ConfigureHttpClient_HandlerAddedThroughTheBuilder_CarriesTheHttpStepsRequests()
    {
        var seen = new Seen();
        using var host = TestHosts.Build([], (services, _) => services.AddCortexLoadTesting()
            .ConfigureHttpClient(b => b.AddHttpMessageHandler(() => new AnsweringHandler(seen))));

        // Nothing listens on port 9 of loopback: a request that succeeds was answered by the builder's handler.
        var result = await host.Services.GetRequiredService<LoadTestFrameworkFactory>()
            .Create(Plans.HttpIterations(new { url = "http://127.0.0.1:9/through-builder", expectedStatus = 202 }, 3)).ExecuteAsync(Ct);

        Assert.Equal(0, result.Requests.Errors);
        Assert.InRange(result.Requests.Count, 1, 3);
        Assert.Equal(result.Requests.Count, seen.Requests);
        Assert.Equal("/through-builder", seen.LastPath);
    }

    [Fact]
    public void AddCortexLoadTesting_CalledTwice_RegistersTheEngineAndItsStepsOnce()
    {
        using var host = TestHosts.Build([], (services, _) =>
        {
            services.AddCortexLoadTesting();
            services.AddCortexLoadTesting();
        });

        Assert.Single(host.Services.GetServices<LoadTestFrameworkFactory>());
        Assert.Equal(["delay", "http"], host.Services.GetServices<IStepHandler>().Select(h => h.StepType).Order());
    }

    private sealed class Seen
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public string? LastPath { get; set; }

        public void Count() => Interlocked.Increment(ref _requests);
    }

    private sealed class AnsweringHandler(Seen seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Count();
            seen.LastPath = request.RequestUri?.AbsolutePath;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new StringContent("ok") });
        }
    }
}
