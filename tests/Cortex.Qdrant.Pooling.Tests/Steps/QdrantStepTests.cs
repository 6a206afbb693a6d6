using System.Text.Json;
using Cortex.Abstractions.Steps;
using Cortex.Qdrant.Pooling.Steps;
using Cortex.Qdrant.Pooling.Tests.Infrastructure;
using Grpc.Core;

namespace Cortex.Qdrant.Pooling.Tests.Steps;

public sealed class QdrantStepTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StepDefinition Step(string type, string json) => new("scenario", "step", type, JsonDocument.Parse(json).RootElement);

    [Fact]
    public async Task QdrantSearch_WithoutVector_QueriesARandomVectorOfTheCollectionsSize()
    {
        await using var cluster = await Cluster.StartAsync(1);
        await using var pool = new QdrantPooledClient(cluster.Options());
        var step = new QdrantSearchStepHandler(pool).Prepare(Step("qdrant_search", $$"""{"collection":"{{Cluster.Collection}}","limit":5}"""));

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await step.ExecuteAsync(new StepContext(0, i), Ct)).IsSuccess);
        }

        Assert.Equal(3, cluster.Queries(0));
        Assert.Equal(1, cluster[0].GetCallCount("qdrant.Collections/Get"));
    }

    [Fact]
    public async Task QdrantSearch_ServerError_IsAFailedResultWithTheStatus()
    {
        await using var cluster = await Cluster.StartAsync(1);
        await using var pool = new QdrantPooledClient(cluster.Options(o => o.MaxRetries = 0));
        var step = new QdrantSearchStepHandler(pool).Prepare(Step("qdrant_search", $$"""{"collection":"{{Cluster.Collection}}","vector":[1,0,0,0,0,0,0,0]}"""));
        cluster[0].Faults.FailNext(1, StatusCode.Unavailable, Cluster.QueryMethod);

        var result = await step.ExecuteAsync(new StepContext(0, 0), Ct);

        Assert.False(result.IsSuccess);
        Assert.Equal("grpc_Unavailable", result.ErrorType);
        Assert.Equal((int)StatusCode.Unavailable, result.StatusCode);
    }

    [Fact]
    public async Task QdrantUpsert_BatchWithPayload_WritesThePoints()
    {
        await using var cluster = await Cluster.StartAsync(1);
        await using var pool = new QdrantPooledClient(cluster.Options());
        var step = new QdrantUpsertStepHandler(pool).Prepare(Step("qdrant_upsert", $$$"""{"collection":"{{{Cluster.Collection}}}","batchSize":4,"payload":{"kind":"load","n":1}}"""));

        Assert.True((await step.ExecuteAsync(new StepContext(0, 0), Ct)).IsSuccess);

        var count = await pool.ReadAsync((c, ct) => c.CountAsync(Cluster.Collection, cancellationToken: ct), cancellationToken: Ct);
        Assert.Equal(54UL, count);
    }

    [Theory]
    [InlineData("qdrant_search", """{"limit":5}""", "parameter 'collection' is required and must be a non-empty string")]
    [InlineData("qdrant_search", """{"collection":"c","limit":0}""", "parameter 'limit' must be a positive integer")]
    [InlineData("qdrant_search", """{"collection":"c","vector":["x"]}""", "parameter 'vector' must be a non-empty array of numbers")]
    [InlineData("qdrant_upsert", """{"collection":"c","payload":[1]}""", "parameter 'payload' must be a JSON object")]
    public async Task Prepare_InvalidParameter_NamesStepAndParameter(string type, string json, string expected)
    {
        await using var pool = new QdrantPooledClient(new QdrantPoolOptions { Nodes = { new QdrantNode { Id = "n", Url = "http://127.0.0.1:1" } } });
        IStepHandler handler = type == "qdrant_search" ? new QdrantSearchStepHandler(pool) : new QdrantUpsertStepHandler(pool);

        var ex = Assert.Throws<StepConfigurationException>(() => handler.Prepare(Step(type, json)));

        Assert.Equal($"Step 'step' (type '{type}') in scenario 'scenario': {expected}.", ex.Message);
    }
}
