using Cortex.Testing.Zai;
using Microsoft.Extensions.AI;
using static Cortex.Zai.Optimized.Tests.Infrastructure.ZaiFixture;

namespace Cortex.Zai.Optimized.Tests.Client;

public sealed class EmbeddingTests
{
    [Fact]
    public async Task GenerateAsync_FiftyConcurrentSingleTexts_CoalescedIntoFewCallsEachGetsItsOwnVector()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server, o => { o.Performance.MaxBatchSize = 16; o.Performance.BatchTimeout = TimeSpan.FromMilliseconds(50); });
        var texts = Enumerable.Range(0, 50).Select(i => $"text number {i}").ToList();

        var singles = await Task.WhenAll(texts.Select(t => client.GenerateAsync([t], cancellationToken: Ct)));
        var calls = server.Requests.CountForPath(EmbeddingsPath);
        var direct = await client.GenerateAsync(texts, cancellationToken: Ct);

        Assert.InRange(calls, 1, 4); // ⌈50 / 16⌉
        for (var i = 0; i < texts.Count; i++)
        {
            Assert.Equal(direct[i].Vector.ToArray(), singles[i][0].Vector.ToArray());
        }

        Assert.Equal(calls, client.GetStatistics().EmbeddingBatches);
    }

    [Fact]
    public async Task GenerateAsync_BatchFails_EveryCallerGetsTheError()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        server.Faults.FailNext(1, 400, "1214");
        using var client = CreateClient(server, o => { o.Performance.MaxBatchSize = 8; o.Performance.BatchTimeout = TimeSpan.FromMilliseconds(100); });

        var calls = Enumerable.Range(0, 8).Select(i => client.GenerateAsync([$"t{i}"], cancellationToken: Ct)).ToList();

        foreach (var call in calls)
        {
            var ex = await Assert.ThrowsAsync<ZaiApiException>(() => call);
            Assert.Equal("1214", ex.BusinessCode);
        }

        Assert.Equal(1, server.Requests.CountForPath(EmbeddingsPath));
    }

    [Fact]
    public async Task GenerateAsync_ManyTexts_SplitIntoCallsOfAtMost64InOrder()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server);
        var texts = Enumerable.Range(0, 100).Select(i => $"item {i}").ToList();

        var all = await client.GenerateAsync(texts, new EmbeddingGenerationOptions { Dimensions = 32 }, Ct);

        Assert.Equal(100, all.Count);
        Assert.All(all, e => Assert.Equal(32, e.Vector.Length));
        Assert.Equal(2, server.Requests.CountForPath(EmbeddingsPath));
        var last = await client.GenerateAsync(["item 99"], new EmbeddingGenerationOptions { Dimensions = 32 }, Ct);
        Assert.Equal(all[99].Vector.ToArray(), last[0].Vector.ToArray());
    }
}
