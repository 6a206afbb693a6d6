using System.Diagnostics;
using Cortex.Slo.Alerting;
using Cortex.Slo.Tests.Support;
using Cortex.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Cortex.Slo.Tests.Support.AlertingHarness;

namespace Cortex.Slo.Tests.Alerting;

/// <summary>Embedded fleet mode: three replicas and a real redis-server elect one notifier; real time (Redis expires the lease by its clock).</summary>
public sealed class AlertFleetTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Fleet_ThreeReplicas_PageOnceAndTheNextNotifierPagesWithinTheLeaseAfterTheFirstDies()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        await using var receiver = await HttpReceiver.StartAsync(TimeProvider.System);
        var logs = new LogRecorder();
        var services = new ServiceCollection();
        services.AddAlertHttpClient();
        await using var provider = services.BuildServiceProvider();
        List<AlertManager> replicas = [];
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var options = new AlertingOptions { GroupWait = TimeSpan.Zero };
                options.Webhook.Url = receiver.Url;
                options.Fleet.RedisConnectionString = redis.ConnectionString;
                options.Fleet.LeaseTime = Lease;
                Levels(options, (TimeSpan.Zero, [AlertChannels.Webhook]));
                var replica = new AlertManager(options, "checkout", provider.GetRequiredService<IHttpClientFactory>(), TimeProvider.System, logs.CreateLogger($"replica-{i}"));
                replicas.Add(replica);
                replica.Start();
            }

            await UntilAsync(() => replicas.Count(r => r.IsNotifier) == 1, "one notifier among three replicas");
            foreach (var replica in replicas)
            {
                replica.Evaluate([Candidate("error-rate")], TimeProvider.System.GetUtcNow());
            }

            await UntilAsync(() => receiver.Requests.Count == 1, "the page");

            // Past the window a new notifier re-sends from, so the handover below repeats nothing.
            var first = Stopwatch.StartNew();
            await UntilAsync(() => first.Elapsed > 2 * Lease, "two lease times");
            var leader = replicas.Single(r => r.IsNotifier);
            await leader.CrashAsync();
            var crashed = Stopwatch.StartNew();
            foreach (var replica in replicas.Where(r => r != leader))
            {
                replica.Evaluate([Candidate("error-rate"), Candidate("latency-p99")], TimeProvider.System.GetUtcNow());
            }

            await UntilAsync(() => receiver.Requests.Count == 2, "the page of the alert raised after the notifier died");
            var tookOver = crashed.Elapsed;
            TestContext.Current.TestOutputHelper?.WriteLine($"next notifier paged {tookOver.TotalSeconds:0.00} s after the first died (lease {Lease.TotalSeconds} s)");
            Assert.True(tookOver <= Lease + (Lease / 3) + TimeSpan.FromSeconds(1), $"the next notifier paged {tookOver} after the first died (lease {Lease})");
            Assert.Equal(["error-rate", "latency-p99"], receiver.Requests.Select(r => r.Json.GetProperty("groupLabels").GetProperty("alertname").GetString()));
            Assert.Single(replicas, r => r != leader && r.IsNotifier);
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Fleet_RedisUnreachable_EveryReplicaDelivers()
    {
        await using var receiver = await HttpReceiver.StartAsync(TimeProvider.System);
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var logs = new LogRecorder();
        var services = new ServiceCollection();
        services.AddAlertHttpClient();
        await using var provider = services.BuildServiceProvider();
        var options = new AlertingOptions { GroupWait = TimeSpan.Zero };
        options.Webhook.Url = receiver.Url;
        options.Fleet.RedisConnectionString = $"127.0.0.1:{port},connectTimeout=500";
        options.Fleet.LeaseTime = Lease;
        Levels(options, (TimeSpan.Zero, [AlertChannels.Webhook]));
        await using var replica = new AlertManager(options, "checkout", provider.GetRequiredService<IHttpClientFactory>(), TimeProvider.System, logs.CreateLogger("replica"));
        replica.Start();

        await UntilAsync(() => replica.IsNotifier, "the replica to deliver without Redis");
        replica.Evaluate([Candidate("error-rate")], TimeProvider.System.GetUtcNow());

        await UntilAsync(() => receiver.Requests.Count == 1, "the page");
        Assert.Contains("every replica delivers until it is back", logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fleet_FollowerRestartsHoldingANotification_DeliversItWhenItTakesOverFromADeadNotifier()
    {
        var lease = TimeSpan.FromSeconds(4);
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        await using var receiver = await HttpReceiver.StartAsync(TimeProvider.System);
        using var followerJournal = new TempDirectory();
        var logs = new LogRecorder();
        var services = new ServiceCollection();
        services.AddAlertHttpClient();
        await using var provider = services.BuildServiceProvider();
        AlertManager Replica(string name, string? journal)
        {
            var options = new AlertingOptions { GroupWait = TimeSpan.Zero };
            options.Webhook.Url = receiver.Url;
            options.Fleet.RedisConnectionString = redis.ConnectionString;
            options.Fleet.LeaseTime = lease;
            options.Journal.Directory = journal;
            Levels(options, (TimeSpan.Zero, [AlertChannels.Webhook]));
            var replica = new AlertManager(options, "checkout", provider.GetRequiredService<IHttpClientFactory>(), TimeProvider.System, logs.CreateLogger(name));
            replica.Start();
            return replica;
        }

        var leader = Replica("leader", null);
        var follower = (AlertManager?)null;
        try
        {
            await UntilAsync(() => leader.IsNotifier, "the first replica to take the lease");
            follower = Replica("follower", followerJournal.Path);

            // Only the follower sees the condition: it holds the page back, as the notifier is alive.
            follower.Evaluate([Candidate("error-rate")], TimeProvider.System.GetUtcNow());
            await UntilAsync(() => follower.IsIdle, "the follower to dispatch");
            Assert.False(follower.IsNotifier);

            // The follower restarts on its journal, then the notifier dies: the new follower process takes the lease and pages.
            await follower.DisposeAsync();
            follower = Replica("follower-2", followerJournal.Path);
            await leader.CrashAsync();
            await UntilAsync(() => receiver.Requests.Count == 1, "the held-back page from the follower's new process");
            Assert.Equal("error-rate", receiver.Requests.Single().Json.GetProperty("groupLabels").GetProperty("alertname").GetString());
            Assert.True(follower.IsNotifier);
        }
        finally
        {
            await leader.DisposeAsync();
            if (follower is not null)
            {
                await follower.DisposeAsync();
            }
        }
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Patience, $"Gave up after {Patience} waiting for {what}");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
