using Cortex.Abstractions.Steps;
using Cortex.LoadTesting.Steps;
using Cortex.LoadTesting.Tests.Support;
using Cortex.Testing.Zai;
using Cortex.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.LoadTesting.Tests.Steps;

public sealed class StepHandlerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Http_AgainstARealServer_SucceedsWithStatusAndFailsTypedWithoutTheKey()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        var url = new Uri(server.BaseUri, "chat/completions").ToString();
        var body = new { model = ZaiTestServer.DefaultModel, messages = new[] { new { role = "user", content = "hello" } } };
        var authorized = new ScenarioOptions { Name = "ok" };
        authorized.Steps.Add(Plans.Step("chat", "http", new { method = "POST", url, body, headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + server.ApiKey }, expectedStatus = 200 }));
        var anonymous = new ScenarioOptions { Name = "anon" };
        anonymous.Steps.Add(Plans.Step("chat", "http", new { method = "POST", url, body }));
        var options = Plans.Options(LoadModel.ConstantArrivalRate, authorized, anonymous);
        options.Rate = 40;
        options.Duration = TimeSpan.FromSeconds(1);
        using var host = TestHosts.Build([], (services, _) => services.AddCortexLoadTesting());

        var result = await host.Services.GetRequiredService<LoadTestFrameworkFactory>().Create(options).ExecuteAsync(Ct);

        Assert.Equal(40, result.Requests.Count);
        Assert.Equal(0, result.Scenarios[0].Steps[0].Errors);
        Assert.Equal(result.Scenarios[1].Steps[0].Count, result.Scenarios[1].Steps[0].Errors);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("anon", "http_401", (int?)401), (error.Scenario, error.ErrorType, error.StatusCode));
        Assert.Equal(40, server.Requests.CountForPath("/api/paas/v4/chat/completions"));
    }

    [Fact]
    public async Task Http_NothingListening_FailsAsConnectionError()
    {
        var scenario = new ScenarioOptions { Name = "s" };
        scenario.Steps.Add(Plans.Step("get", "http", new { url = "http://127.0.0.1:1/" }));
        var options = Plans.Options(LoadModel.ConstantVus, scenario);
        options.ConcurrentUsers = 1;
        options.Duration = TimeSpan.FromMilliseconds(200);
        using var host = TestHosts.Build([], (services, _) => services.AddCortexLoadTesting());

        var result = await host.Services.GetRequiredService<LoadTestFrameworkFactory>().Create(options).ExecuteAsync(Ct);

        Assert.Equal("http_connectionerror", Assert.Single(result.Errors).ErrorType);
    }

    [Theory]
    [InlineData("""{ "url": "ftp://x/" }""", "parameter 'url' must be an absolute http")]
    [InlineData("""{ "url": "http://x/", "expectedStatus": 700 }""", "parameter 'expectedStatus' must be an HTTP status code")]
    [InlineData("""{ "url": "http://x/", "headers": { "A": 1 } }""", "parameter 'headers.A' must be a string")]
    [InlineData("""{ }""", "parameter 'url' is required")]
    public void Http_InvalidParameters_FailPrepare(string parameters, string expected)
    {
        using var host = TestHosts.Build([], (services, _) => services.AddCortexLoadTesting());
        var handler = host.Services.GetServices<IStepHandler>().Single(h => h.StepType == "http");

        var ex = Assert.Throws<StepConfigurationException>(() => handler.Prepare(new StepDefinition("s", "x", "http", System.Text.Json.JsonDocument.Parse(parameters).RootElement)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delay_Range_WaitsWithinTheRange()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var step = new DelayStepHandler(time).Prepare(new StepDefinition("s", "x", "delay", System.Text.Json.JsonDocument.Parse("""{ "min": 20, "max": 40 }""").RootElement));

        var pending = step.ExecuteAsync(new StepContext(0, 0), Ct).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(19.9));
        var early = pending.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(20.2));

        Assert.False(early);
        Assert.True((await pending).IsSuccess);
    }

    [Fact]
    public void AddCortexLoadTesting_WithAnotherPackagesHandler_FactoryFindsAllByName()
    {
        using var host = TestHosts.Build([], (services, _) =>
        {
            services.AddCortexLoadTesting();
            services.AddCortexStepHandler<NamedHandler>();
            services.AddCortexLoadTesting();   // twice is harmless
        });

        var factory = host.Services.GetRequiredService<LoadTestFrameworkFactory>();

        Assert.Equal(["delay", "http", "memory_find"], factory.StepTypes);
    }

    private sealed class NamedHandler : IStepHandler
    {
        public string StepType => "memory_find";

        public IStep Prepare(StepDefinition definition) => throw new NotSupportedException();
    }
}
