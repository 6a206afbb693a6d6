using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MyLoadTest.Tests;

// The shipped load-test.json, shortened, against a real HTTP server on 127.0.0.1 (a stand-in for your system).
public sealed class LoadTestTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Plan_AgainstAHealthyTarget_HoldsEveryThreshold()
    {
        await using var target = await StartTargetAsync(StatusCodes.Status200OK);
        var reports = Directory.CreateTempSubdirectory("cortex-loadtest-").FullName;

        var exit = await RunAsync(target, "load-test.json", reports);

        Assert.Equal(LoadTestRun.Passed, exit);
        Assert.Contains(Directory.GetFiles(reports), f => f.EndsWith(".json", StringComparison.Ordinal));
        Assert.Contains(Directory.GetFiles(reports), f => f.EndsWith(".xml", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plan_AgainstAFailingTarget_FailsItsThresholdsWithExitCode99()
    {
        await using var target = await StartTargetAsync(StatusCodes.Status503ServiceUnavailable);

        var exit = await RunAsync(target, "load-test.json", Directory.CreateTempSubdirectory("cortex-loadtest-").FullName);

        Assert.Equal(LoadTestRun.ThresholdFailed, exit);
    }

    [Theory]
    [InlineData("""{ "name": "h", "type": "api_get", "parameters": { } }""")]
    [InlineData("""{ "name": "h", "type": "api_get", "parameters": { "path": "health" } }""")]
    [InlineData("""{ "name": "h", "type": "api_get", "parameters": { "path": "/health", "expectStatus": 999 } }""")]
    [InlineData("""{ "name": "h", "type": "no_such_step" }""")]
    public async Task Plan_WithABadStep_IsRejectedBeforeAnyLoad(string step)
    {
        await using var target = await StartTargetAsync(StatusCodes.Status200OK);
        var plan = Path.Combine(Directory.CreateTempSubdirectory("cortex-loadtest-").FullName, "plan.json");
        await File.WriteAllTextAsync(plan, $$"""{ "testName": "bad", "concurrentUsers": 1, "duration": 1, "scenarios": [ { "name": "s", "steps": [ {{step}} ] } ] }""", Ct);

        var exit = await RunAsync(target, plan, Path.GetDirectoryName(plan)!);

        Assert.Equal(LoadTestRun.InvalidPlan, exit);
        Assert.Equal(0, target.Requests);
    }

    private static async Task<int> RunAsync(Target target, string plan, string reports)
    {
        var services = new ServiceCollection().AddLogging().AddLoadTest(target.BaseAddress).BuildServiceProvider();
        await using var _ = services;
        return await LoadTestRun.RunAsync(services, plan, reports, o =>
        {
            o.Duration = TimeSpan.FromSeconds(2);
            o.RampUpPeriod = TimeSpan.Zero;
        }, Ct);
    }

    private static async Task<Target> StartTargetAsync(int status)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var target = new Target(app);
        app.MapGet("/health", () =>
        {
            Interlocked.Increment(ref target.RequestCount);
            return Results.StatusCode(status);
        });
        await app.StartAsync(Ct);
        return target;
    }

    private sealed class Target(WebApplication app) : IAsyncDisposable
    {
        public int RequestCount;

        public int Requests => Volatile.Read(ref RequestCount);

        public Uri BaseAddress => new(app.Urls.Single());

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
