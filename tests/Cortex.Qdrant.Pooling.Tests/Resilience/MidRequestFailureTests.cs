using System.Collections.Concurrent;
using Cortex.Qdrant.Pooling.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Qdrant.Pooling.Tests.Resilience;

public sealed class MidRequestFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_NodeStopsWithReadsInFlight_NoReadFails()
    {
        for (var round = 0; round < 3; round++)
        {
            await using var cluster = await Cluster.StartAsync(3);
            var time = new FakeTimeProvider();
            await using var pool = new QdrantPooledClient(cluster.Options(o => { o.MaxRetries = 3; o.HealthCheckInterval = TimeSpan.FromHours(1); }), timeProvider: time);
            await pool.InitializeAsync(Ct);
            cluster[0].Faults.Latency = TimeSpan.FromMinutes(5); // node-1 holds its reads until it dies

            var failures = new ConcurrentQueue<Exception>();
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var reads = Enumerable.Range(0, 30).Select(_ => Task.Run(async () =>
            {
                await go.Task;
                try
                {
                    Assert.Equal(3, (await pool.ExecuteAsync(Cluster.QueryAsync, QdrantRequestOptions.Read, Ct)).Count);
                }
                catch (Exception ex)
                {
                    failures.Enqueue(ex);
                }
            }, Ct)).ToList();
            go.SetResult();
            await Eventually.TrueAsync(() => cluster[0].InFlightCallCount == 10, "ten reads in flight on node-1");

            await cluster[0].StopAsync(Ct);
            await Task.WhenAll(reads).WaitAsync(TimeSpan.FromSeconds(60), Ct);
            Assert.Equal(0, cluster[0].InFlightCallCount);

            Assert.True(failures.IsEmpty, $"round {round}: {failures.Count} of 30 reads failed, first: {failures.FirstOrDefault()}");
            Assert.Equal(10, cluster.Queries(0));
            Assert.Equal(30, cluster.Queries(1) + cluster.Queries(2)); // their own ten each, and node-1's ten retried
        }
    }

    [Fact]
    public async Task ExecuteAsync_NodeStopsUnderContinuousParallelReads_NoReadFails()
    {
        for (var round = 0; round < 5; round++)
        {
            await using var cluster = await Cluster.StartAsync(3);
            await using var pool = new QdrantPooledClient(cluster.Options(o => o.MaxRetries = 3));
            await pool.InitializeAsync(Ct);
            var failures = new ConcurrentQueue<Exception>();
            var completed = 0;
            using var stop = new CancellationTokenSource();
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var readers = Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
            {
                await go.Task;
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        await pool.ExecuteAsync(Cluster.QueryAsync, QdrantRequestOptions.Read, Ct);
                        Interlocked.Increment(ref completed);
                    }
                    catch (Exception ex)
                    {
                        failures.Enqueue(ex);
                    }
                }
            }, Ct)).ToList();
            go.SetResult();
            await Eventually.TrueAsync(() => Volatile.Read(ref completed) >= 300, "reads flowing to every node");

            await cluster[round % 3].StopAsync(Ct); // responses are on the wire, in every stage, when it dies
            var after = Volatile.Read(ref completed);
            await Eventually.TrueAsync(() => Volatile.Read(ref completed) >= after + 300, "reads flowing after the stop");
            await stop.CancelAsync();
            await Task.WhenAll(readers);

            Assert.True(failures.IsEmpty, $"round {round}: {failures.Count} reads failed, first: {failures.FirstOrDefault()}");
        }
    }
}
