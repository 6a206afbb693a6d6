using System.Text.Json;
using Cortex.Abstractions.Steps;
using Cortex.Testing.Zai;
using Cortex.Zai.Optimized.Steps;
using static Cortex.Zai.Optimized.Tests.Infrastructure.ZaiFixture;

namespace Cortex.Zai.Optimized.Tests.Client;

public sealed class StepHandlerTests
{
    private static StepDefinition Step(string type, string json) => new("scenario", "step", type, JsonDocument.Parse(json).RootElement);

    [Fact]
    public async Task Steps_CompletionStreamingAndEmbedding_SucceedAgainstTheServer()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server);
        IStep[] steps =
        [
            new ZaiCompletionStepHandler(client).Prepare(Step("zai_completion", """{"prompt":"hi {iteration}","maxTokens":50}""")),
            new ZaiStreamingStepHandler(client).Prepare(Step("zai_streaming", """{"prompt":"hi {user}","doSample":false}""")),
            new ZaiEmbeddingStepHandler(client).Prepare(Step("zai_embedding", """{"text":"t {iteration}","dimensions":16}""")),
        ];

        foreach (var step in steps)
        {
            Assert.True((await step.ExecuteAsync(new StepContext(3, 7), Ct)).IsSuccess);
        }

        var bodies = server.Requests.Last(3).Select(r => r.Body).ToList();
        Assert.Contains("hi 7", bodies[0], StringComparison.Ordinal);
        Assert.Contains("hi 3", bodies[1], StringComparison.Ordinal);
        Assert.Contains("t 7", bodies[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompletionStep_RateLimitedUpstream_IsAFailedResultWithTheBusinessCode()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        server.Faults.FailNext(1, 429, "1113");
        using var client = CreateClient(server);
        var step = new ZaiCompletionStepHandler(client).Prepare(Step("zai_completion", "{}"));

        var result = await step.ExecuteAsync(new StepContext(0, 0), Ct);

        Assert.Equal("zai_1113", result.ErrorType);
        Assert.Equal(429, result.StatusCode);
    }

    [Theory]
    [InlineData("zai_completion", """{"maxTokens":0}""", "parameter 'maxTokens' must be a positive integer")]
    [InlineData("zai_completion", """{"cacheMode":"sometimes"}""", "parameter 'cacheMode' must be one of Default, NoCache, NoStore, Bypass, Force")]
    [InlineData("zai_embedding", """{"text":5}""", "parameter 'text' must be a non-empty string")]
    public async Task Prepare_InvalidParameter_NamesStepAndParameter(string type, string json, string expected)
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server);
        IStepHandler handler = type == "zai_embedding" ? new ZaiEmbeddingStepHandler(client) : new ZaiCompletionStepHandler(client);

        var ex = Assert.Throws<StepConfigurationException>(() => handler.Prepare(Step(type, json)));

        Assert.Equal($"Step 'step' (type '{type}') in scenario 'scenario': {expected}.", ex.Message);
    }
}
