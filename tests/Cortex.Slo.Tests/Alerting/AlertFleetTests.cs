using System.Diagnostics;
using Cortex.Slo.Alerting;
using Cortex.Slo.Tests.Support;
using Cortex.Testing.Redis;
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
        await using var fleet = await Fleet.StartAsync(redis, (TimeSpan.Zero, [AlertChannels.Webhook]));
        AlertManager[] replicas = [fleet.Replica("replica-0"), fleet.Replica("replica-1"), fleet.Replica("replica-2")];
        await UntilAsync(() => replicas.Count(r => r.IsNotifier) == 1, "one notifier among three replicas");
        foreach (var replica in replicas)
        {
            replica.Evaluate([Candidate("error-rate")], TimeProvider.System.GetUtcNow());
        }

        await UntilAsync(() => fleet.Receiver.Requests.Count == 1, "the page");

        // The next notifier knows from Redis what was sent: the handover repeats nothing, however soon it comes.
        var leader = replicas.Single(r => r.IsNotifier);
        await leader.CrashAsync();
        var crashed = Stopwatch.StartNew();
        foreach (var replica in replicas.Where(r => r != leader))
        {
            replica.Evaluate([Candidate("error-rate"), Candidate("latency-p99")], TimeProvider.System.GetUtcNow());
        }

        await UntilAsync(() => fleet.Receiver.Requests.Count == 2, "the page of the alert raised after the notifier died");
        var tookOver = crashed.Elapsed;
        TestContext.Current.TestOutputHelper?.WriteLine($"next notifier paged {tookOver.TotalSeconds:0.00} s after the first died (lease {Lease.TotalSeconds} s)");
        Assert.True(tookOver <= Lease + (Lease / 3) + TimeSpan.FromSeconds(1), $"the next notifier paged {tookOver} after the first died (lease {Lease})");
        await UntilAsync(() => replicas.Where(r => r != leader).All(r => r.IsIdle), "the replicas idle");
        Assert.Equal(["error-rate", "latency-p99"], fleet.Receiver.Requests.Select(r => r.Json.GetProperty("groupLabels").GetProperty("alertname").GetString()));
        Assert.Single(replicas, r => r != leader && r.IsNotifier);
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
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        await using var fleet = await Fleet.StartAsync(redis, (TimeSpan.Zero, [AlertChannels.Webhook]));
        using var followerJournal = new TempDirectory();
        var leader = await fleet.NotifierAsync("leader");
        var follower = fleet.Replica("follower", followerJournal.Path);

        // Only the follower sees the condition: it does not page, as the notifier is alive.
        follower.Evaluate([Candidate("error-rate")], TimeProvider.System.GetUtcNow());
        await UntilAsync(() => follower.IsIdle, "the follower to dispatch");
        Assert.False(follower.IsNotifier);

        // The follower restarts on its journal, then the notifier dies: the new follower process takes the lease and pages.
        await follower.DisposeAsync();
        follower = fleet.Replica("follower-2", followerJournal.Path);
        await leader.CrashAsync();
        await UntilAsync(() => fleet.Receiver.Requests.Count == 1, "the page from the follower's new process");
        Assert.Equal("error-rate", fleet.Receiver.Requests.Single().Json.GetProperty("groupLabels").GetProperty("alertname").GetString());
        Assert.True(follower.IsNotifier);
    }

    [Fact]
    public async Task Fleet_AcknowledgedOnTheNotifierThatDies_NextNotifierNeitherRepeatsNorEscalatesIt()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        await using var fleet = await Fleet.StartAsync(redis, (TimeSpan.Zero, [AlertChannels.Webhook]), (TimeSpan.FromSeconds(6), [AlertChannels.Webhook]));
        var a = await fleet.NotifierAsync("a");
        var b = fleet.Replica("b");
        var started = Stopwatch.StartNew();
        a.Evaluate([Candidate("error-rate")], TimeProvider.System.GetUtcNow());
        b.Evaluate([Candidate("error-rate")], TimeProvider.System.GetUtcNow());
        await UntilAsync(() => fleet.Receiver.Requests.Count == 1, "level 1");

        Assert.True(a.Acknowledge(a.Active.Single().Id));
        await UntilAsync(() => b.Active.Single().AcknowledgedAt is not null, "the acknowledgement taken on a to reach b");
        await a.CrashAsync();
        await UntilAsync(() => b.IsNotifier, "b to take over");
        await UntilAsync(() => started.Elapsed > TimeSpan.FromSeconds(9) && b.IsIdle, "past level 2, b idle");

        TestContext.Current.TestOutputHelper?.WriteLine($"requests: {fleet.Receiver.Requests.Count}");
        var only = Assert.Single(fleet.Receiver.Requests);
        Assert.Equal("1", only.Json.GetProperty("alerts")[0].GetProperty("annotations").GetProperty("escalation_level").GetString());
    }

    [Fact]
    public async Task Fleet_SilenceAddedOnAFollower_MutesWhatTheNotifierWouldSend()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        await using var fleet = await Fleet.StartAsync(redis, (TimeSpan.Zero, [AlertChannels.Webhook]));
        var a = await fleet.NotifierAsync("a");
        var b = fleet.Replica("b");
        b.AddSilence(new Dictionary<string, string> { ["alertname"] = "error-rate" }, TimeProvider.System.GetUtcNow().AddHours(1), "deploy");
        await UntilAsync(() => a.Silences.Count == 1, "the silence made on b to reach a");

        foreach (var replica in new[] { a, b })
        {
            replica.Evaluate([Candidate("error-rate"), Candidate("latency-p99")], TimeProvider.System.GetUtcNow());
        }

        await UntilAsync(() => fleet.Receiver.Requests.Count == 1 && a.IsIdle, "the page of the alert not silenced");
        Assert.Equal(["latency-p99"], fleet.Receiver.Requests.Select(r => r.Json.GetProperty("groupLabels").GetProperty("alertname").GetString()));
    }

    [Fact]
    public async Task Fleet_NotifierDiesAfterLevelOne_NextNotifierSendsLevelTwoOnTheAlertsClockAndNotLevelOneAgain()
    {
        var levelTwo = TimeSpan.FromSeconds(8);
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        await using var fleet = await Fleet.StartAsync(redis, (TimeSpan.Zero, [AlertChannels.Webhook]), (levelTwo, [AlertChannels.Webhook]));
        var a = await fleet.NotifierAsync("a");
        var b = fleet.Replica("b");
        a.Evaluate([Candidate("error-rate")], TimeProvider.System.GetUtcNow());
        var startsAt = a.Active.Single().StartsAt;
        await UntilAsync(() => fleet.Receiver.Requests.Count == 1, "level 1");

        // b sees the condition 4 s later: on its own clock level 2 would be 4 s late.
        await UntilAsync(() => TimeProvider.System.GetUtcNow() - startsAt > TimeSpan.FromSeconds(4), "4 s");
        b.Evaluate([Candidate("error-rate")], TimeProvider.System.GetUtcNow());
        await UntilAsync(() => (b.Active.Single().StartsAt - startsAt).Duration() < TimeSpan.FromMilliseconds(1), "b to take the fleet's start of the alert");
        await a.CrashAsync();
        await UntilAsync(() => fleet.Receiver.Requests.Count == 2, "level 2 from the next notifier");
        await UntilAsync(() => b.IsIdle, "b idle");

        var second = fleet.Receiver.Requests.Last();
        var alert = second.Json.GetProperty("alerts")[0];
        TestContext.Current.TestOutputHelper?.WriteLine($"level 2 arrived {(second.At - startsAt).TotalSeconds:0.00} s after the alert started (due at {levelTwo.TotalSeconds} s; b saw it at 4 s)");
        Assert.Equal("2", alert.GetProperty("annotations").GetProperty("escalation_level").GetString());
        Assert.True((alert.GetProperty("startsAt").GetDateTimeOffset() - startsAt).Duration() < TimeSpan.FromMilliseconds(1), $"level 2 carries the start {alert.GetProperty("startsAt")}, the alert started at {startsAt:O}");
        Assert.True(second.At >= startsAt + levelTwo, $"level 2 arrived at {second.At:O}, before it was due at {startsAt + levelTwo:O}");
        Assert.Equal(2, fleet.Receiver.Requests.Count);
    }

    [Fact]
    public async Task Fleet_RedisStoppedMidRun_EveryNotificationIsDeliveredAndTheStateCatchesUpWhenRedisIsBack()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        await using var fleet = await Fleet.StartAsync(redis, (TimeSpan.Zero, [AlertChannels.Webhook]));
        var a = await fleet.NotifierAsync("a");
        var b = fleet.Replica("b");

        await redis.StopAsync();
        await UntilAsync(() => a.IsNotifier && b.IsNotifier, "both replicas to deliver without Redis");
        foreach (var replica in new[] { a, b })
        {
            replica.Evaluate([Candidate("error-rate")], TimeProvider.System.GetUtcNow());
        }

        await UntilAsync(() => fleet.Receiver.Requests.Count == 2, "each replica's page while Redis is down");
        Assert.True(a.Acknowledge(a.Active.Single().Id));

        await redis.StartAsync(TestContext.Current.CancellationToken);
        await UntilAsync(() => b.Active.Single().AcknowledgedAt is not null, "the acknowledgement taken on a while Redis was down to reach b");
        await UntilAsync(() => new[] { a, b }.Count(r => r.IsNotifier) == 1, "one notifier again");
        foreach (var replica in new[] { a, b })
        {
            replica.Evaluate([Candidate("error-rate"), Candidate("latency-p99")], TimeProvider.System.GetUtcNow());
        }

        await UntilAsync(() => fleet.Receiver.Requests.Count == 3 && a.IsIdle && b.IsIdle, "the page of the alert raised once Redis is back");
        Assert.Equal(["error-rate", "error-rate", "latency-p99"], fleet.Receiver.Requests.Select(r => r.Json.GetProperty("groupLabels").GetProperty("alertname").GetString()));
        Assert.Contains("cannot be reached", fleet.Logs.All, StringComparison.Ordinal);
    }

    /// <summary>Replicas of service checkout on one Redis (lease 2 s) posting to one webhook receiver on real time; disposes them all.</summary>
    private sealed class Fleet : IAsyncDisposable
    {
        private readonly RedisTestServer _redis;
        private readonly (TimeSpan Delay, string[] Channels)[] _levels;
        private readonly ServiceProvider _provider;
        private readonly List<AlertManager> _replicas = [];

        private Fleet(RedisTestServer redis, HttpReceiver receiver, (TimeSpan, string[])[] levels)
        {
            _redis = redis;
            Receiver = receiver;
            _levels = levels;
            var services = new ServiceCollection();
            services.AddAlertHttpClient();
            _provider = services.BuildServiceProvider();
        }

        public HttpReceiver Receiver { get; }

        public LogRecorder Logs { get; } = new();

        public static async Task<Fleet> StartAsync(RedisTestServer redis, params (TimeSpan Delay, string[] Channels)[] levels) =>
            new(redis, await HttpReceiver.StartAsync(TimeProvider.System), levels);

        public AlertManager Replica(string name, string? journal = null)
        {
            var options = new AlertingOptions { GroupWait = TimeSpan.Zero };
            options.Webhook.Url = Receiver.Url;
            options.Fleet.RedisConnectionString = _redis.ConnectionString;
            options.Fleet.LeaseTime = Lease;
            options.Fleet.KeyPrefix = "cortex:slo:test-fleet";
            options.Journal.Directory = journal;
            Levels(options, _levels);
            var replica = new AlertManager(options, "checkout", _provider.GetRequiredService<IHttpClientFactory>(), TimeProvider.System, Logs.CreateLogger(name));
            _replicas.Add(replica);
            replica.Start();
            return replica;
        }

        /// <summary>Starts a replica and waits until it holds the lease.</summary>
        public async Task<AlertManager> NotifierAsync(string name)
        {
            var replica = Replica(name);
            await UntilAsync(() => replica.IsNotifier, $"{name} to take the lease");
            return replica;
        }

        /// <summary>Disposes every replica started (a second dispose of one the test disposed does nothing).</summary>
        public async ValueTask DisposeAsync()
        {
            foreach (var replica in _replicas)
            {
                await replica.DisposeAsync();
            }

            await Receiver.DisposeAsync();
            await _provider.DisposeAsync();
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
