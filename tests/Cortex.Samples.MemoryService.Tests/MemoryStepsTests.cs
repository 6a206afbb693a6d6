using Cortex.Abstractions.Steps;
using Cortex.LoadTesting.Configuration;
using Cortex.LoadTesting;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Samples.MemoryService.Tests;

public sealed class MemoryStepsTests(MemoryServiceFixture service) : IClassFixture<MemoryServiceFixture>
{
    [Fact]
    public void StepHandlers_AreRegistered_ForTheSeedsScenarios()
    {
        var types = service.Services.GetServices<IStepHandler>().Select(h => h.StepType).ToList();

        Assert.Contains("memory_store", types);
        Assert.Contains("memory_find", types);
        Assert.Contains("zai_completion", types);
    }

    [Fact]
    public async Task LoadTest_MemoryAndCompletionSteps_RunWithoutErrors()
    {
        var options = LoadTestConfiguration.Parse("""
            {
              "testName": "memory-steps",
              "executor": "constant-vus",
              "concurrentUsers": 2,
              "duration": 1,
              "analyzeBreakpoints": false,
              "scenarios": [
                { "name": "memory-operations", "weight": 70, "steps": [
                  { "name": "store-entity", "type": "memory_store", "parameters": { "kind": "entity", "data": { "title": "Test Entity {user}", "content": "Load test content {iteration}" }, "scope": { "project": "load" } } },
                  { "name": "find-items", "type": "memory_find", "parameters": { "query": "test", "limit": 20, "mode": "auto" } } ] },
                { "name": "ai-operations", "weight": 30, "steps": [
                  { "name": "completion", "type": "zai_completion", "parameters": {} } ] }
              ]
            }
            """);
        var framework = service.Services.GetRequiredService<LoadTestFrameworkFactory>().Create(options);

        var result = await framework.ExecuteAsync(TestContext.Current.CancellationToken);

        Assert.Empty(result.Errors);
        Assert.Equal(0, result.Requests.Errors);
        Assert.True(result.Requests.Count > 0);
        Assert.Contains(result.Scenarios, s => s.Name == "memory-operations");
    }

    [Fact]
    public void MemoryStore_BadKind_FailsPreparationNamingTheParameter()
    {
        var options = LoadTestConfiguration.Parse("""
            { "testName": "bad", "duration": 1, "concurrentUsers": 1,
              "scenarios": [ { "name": "s", "steps": [ { "name": "store", "type": "memory_store", "parameters": { "kind": "spaceship" } } ] } ] }
            """);

        var error = Assert.ThrowsAny<Exception>(() => service.Services.GetRequiredService<LoadTestFrameworkFactory>().Create(options));

        Assert.Contains("'kind'", error.Message, StringComparison.Ordinal);
    }
}
