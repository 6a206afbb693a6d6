using System.Text;
using Cortex.Testing.Zai;
using Cortex.Zai.Optimized.Models;
using Microsoft.Extensions.Time.Testing;
using static Cortex.Zai.Optimized.Tests.Infrastructure.ZaiFixture;

namespace Cortex.Zai.Optimized.Tests.Deduplication;

/// <summary>
/// Identical requests released at the same instant, round after round. The client's clock is a
/// <see cref="FakeTimeProvider"/> that never moves, so the dedup window never closes: a caller that arrives after the
/// call has finished joins it too, and any second upstream call is a lost race, never a late caller.
/// </summary>
public sealed class DeduplicationRaceTests
{
    private const int Rounds = 50;
    private const int Callers = 50;

    [Fact]
    public async Task GenerateCompletionAsync_FiftyIdenticalCallersReleasedAtOnceFiftyRounds_ExactlyOneUpstreamCallPerRound()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server, o => o.Cache.EnableMemoryCache = false, new FakeTimeProvider());

        for (var round = 0; round < Rounds; round++)
        {
            var before = server.Requests.CountForPath(ChatPath);
            var request = Deterministic($"race round {round}");

            var answers = await ParallelCallers.RunAsync(Callers, _ => client.GenerateCompletionAsync(request, Ct));

            Assert.Equal(1, server.Requests.CountForPath(ChatPath) - before);
            Assert.Single(answers.Select(a => a.Content).Distinct());
            Assert.Equal(1, answers.Count(a => a.Source == ZaiResponseSource.Upstream));
        }

        Assert.Equal(Rounds, client.GetStatistics().UpstreamCalls);
    }

    [Fact]
    public async Task StreamCompletionAsync_FiftyIdenticalCallersReleasedAtOnceFiftyRounds_ExactlyOneUpstreamCallPerRound()
    {
        await using var server = await ZaiTestServer.StartAsync(cancellationToken: Ct);
        using var client = CreateClient(server, o => o.Cache.EnableMemoryCache = false, new FakeTimeProvider());

        for (var round = 0; round < Rounds; round++)
        {
            var before = server.Requests.CountForPath(ChatPath);
            var request = Deterministic($"streamed race round {round}");

            var texts = await ParallelCallers.RunAsync(Callers, async _ =>
            {
                var text = new StringBuilder();
                await foreach (var chunk in client.StreamCompletionAsync(request, Ct))
                {
                    text.Append(chunk.Choices[0].Delta?.Content);
                }

                return text.ToString();
            });

            Assert.Equal(1, server.Requests.CountForPath(ChatPath) - before);
            Assert.Single(texts.Distinct());
            Assert.False(string.IsNullOrEmpty(texts[0]));
        }

        Assert.Equal(Rounds, client.GetStatistics().UpstreamCalls);
    }
}
