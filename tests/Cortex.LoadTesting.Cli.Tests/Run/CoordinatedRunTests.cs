using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Cortex.LoadTesting.Reports;
using Cortex.LoadTesting.Results;
using Cortex.Testing.Redis;
using Cortex.Tests.Shared;

namespace Cortex.LoadTesting.Cli.Tests;

/// <summary>
/// <c>run --coordinator redis://… --agents 3</c>: three real <c>cortex-load</c> processes, a real redis-server, a real
/// HTTP target on 127.0.0.1.
/// </summary>
public sealed partial class CoordinatedRunTests
{
    private const int Agents = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_ThreeAgentsWithACountThresholdOfTheWhole_MergedCountsAreTheSumAndNoAgentFails()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        await using var target = await LoopbackServer.StartAsync(Ct);
        using var dir = new TempDirectory();

        // 90 arrivals in all, 30 per agent: "count>=75" holds for the whole and would fail any one agent judged alone.
        var config = dir.Config("whole.json", Configs.HttpArrivalRate("whole", target, rate: 30, seconds: 3, """[ "count>=75", "rate<0.01" ]"""));

        var runs = await RunAgentsAsync(redis, dir, config, "whole-run");

        Assert.All(runs, r => Assert.True(r.ExitCode == ExitCodes.Success, r.ToString()));
        var agents = runs.Select(Summary).ToList();
        Assert.Equal([1, 2, 3], agents.Select(a => a.Agent).Order());
        var merged = LoadTestReports.FromJson(await File.ReadAllTextAsync(LeaderReport(dir, runs, "whole"), Ct));
        Assert.Equal(agents.Sum(a => a.Requests), merged.Requests.Count);
        Assert.Equal(target.OkRequests, merged.Requests.Count);
        Assert.InRange(merged.Requests.Count, 80, 90);
        Assert.Equal(ExecutionSegment.Full, merged.Segment);
        Assert.All(merged.Thresholds, t => Assert.True(t.Passed, $"{t.Expression} observed {t.Observed}"));
        Assert.All(agents, a => Assert.InRange(a.Requests, 25, 30));
        Assert.All(runs, r => Assert.Contains("PASSED: 2 of 2 thresholds held", r.Out, StringComparison.Ordinal));

        var skew = agents[0].SkewMs;
        TestContext.Current.TestOutputHelper?.WriteLine($"start skew of {Agents} agents: {skew} ms");
        Assert.All(agents, a => Assert.Equal(skew, a.SkewMs));
        Assert.InRange(skew, 0, 500);
    }

    [Fact]
    public async Task Run_ThreeAgentsAndAnAbortingThresholdOfTheWhole_AllThreeStopLongBeforeThePlannedEnd()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        await using var target = await LoopbackServer.StartAsync(Ct);
        using var dir = new TempDirectory();

        // 30 arrivals a second in all: the whole passes 45 in about 1.5 s, each agent alone would take 4.5 s; 60 s are planned.
        var config = dir.Config("abort.json", Configs.HttpArrivalRate("abort", target, rate: 30, seconds: 60, """[ { "expression": "count<45", "abortOnFail": true, "delayAbortEval": 0.5 } ]"""));
        var clock = Stopwatch.StartNew();

        var runs = await RunAgentsAsync(redis, dir, config, "abort-run");

        var elapsed = clock.Elapsed;
        Assert.All(runs, r => Assert.True(r.ExitCode == ExitCodes.ThresholdsFailed, r.ToString()));
        var agents = runs.Select(Summary).ToList();
        Assert.All(agents, a => Assert.Equal("aborted", a.Status));
        Assert.All(agents, a => Assert.InRange(a.Seconds, 0.5, 15));
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(45));
        var merged = LoadTestReports.FromJson(await File.ReadAllTextAsync(LeaderReport(dir, runs, "abort"), Ct));
        Assert.Equal(LoadTestStatus.Aborted, merged.Status);
        Assert.Contains("threshold count<45 failed on the 3 agents together", merged.StopReason, StringComparison.Ordinal);
        var threshold = Assert.Single(merged.Thresholds);
        Assert.True(threshold.CausedAbort);
        Assert.Equal(agents.Sum(a => a.Requests), merged.Requests.Count);

        var spread = agents.Max(a => a.Seconds) - agents.Min(a => a.Seconds);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"aborted after {agents.Max(a => a.Seconds):0.000} s of 60; the agents' run lengths differ by {spread * 1000:0} ms; start skew {agents[0].SkewMs} ms; {elapsed.TotalSeconds:0.0} s from launch to the last exit"));
        Assert.InRange(spread, 0, 5);
    }

    [Fact]
    public async Task Run_TheLeaderIsKilledMidRun_TheOthersStopSoonAndTheLowestLiveAgentWritesTheMergedReport()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        await using var target = await LoopbackServer.StartAsync(Ct);
        using var dir = new TempDirectory();
        var config = dir.Config("lost.json", Configs.HttpArrivalRate("lost", target, rate: 30, seconds: 60, """[ "rate<0.01" ]"""));
        using var agents = StartAgents(redis, dir, config, "lost-run");
        var processes = agents.Processes;

        // Wait until every agent knows its number and the load runs, then kill agent 1 (the leader) as a dying pod dies.
        var leader = await EventuallyAsync(() => processes.FirstOrDefault(p => p.Output.Contains("agent 1 of 3 ", StringComparison.Ordinal)));
        await EventuallyAsync(() => target.OkRequests >= 30 ? (object)true : null);
        var clock = Stopwatch.StartNew();
        leader.Kill();

        var others = await Task.WhenAll(processes.Where(p => p != leader).Select(p => p.WaitAsync(Patience, Ct)));

        var afterKill = clock.Elapsed;
        Assert.All(others, r => Assert.True(r.ExitCode == ExitCodes.Failure, r.ToString()));
        Assert.All(others, r => Assert.Contains("agents 1 of 3 sent no result", r.Error, StringComparison.Ordinal));
        var reports = Enumerable.Range(1, Agents).Select(i => dir.File($"out{i}/lost.json")).Where(File.Exists).ToList();
        Assert.True(reports.Count == 1, $"{reports.Count} agents wrote the report:\n{string.Join("\n", others.Select(r => r.ToString()))}");
        var second = Assert.Single(others, r => r.Out.Contains("agent 2 of 3 ", StringComparison.Ordinal));
        Assert.Contains("Reports:", second.Out, StringComparison.Ordinal);
        var third = Assert.Single(others, r => r != second);
        Assert.Contains("the reports are written by agent 2 (the first agent left)", third.Out, StringComparison.Ordinal);
        Assert.Contains("lost during the run (no heartbeat for 10 s)", third.Error, StringComparison.Ordinal);
        var merged = LoadTestReports.FromJson(await File.ReadAllTextAsync(reports[0], Ct));
        Assert.Equal(LoadTestStatus.Aborted, merged.Status);
        Assert.Contains("agent 1 of 3 was lost", merged.StopReason, StringComparison.Ordinal);
        Assert.InRange(merged.Duration, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"leader killed; the other two exited {afterKill.TotalSeconds:0.0} s later; merged: {merged.Requests.Count} requests in {merged.Duration.TotalSeconds:0.0} s; {merged.StopReason}"));
        Assert.InRange(afterKill, TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Run_RedisDownLongerThanTheAgentTimeoutMidRun_NoAgentIsCountedLostAndTheRunCompletes()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        await using var target = await LoopbackServer.StartAsync(Ct);
        using var dir = new TempDirectory();
        var config = dir.Config("blink.json", Configs.HttpArrivalRate("blink", target, rate: 30, seconds: 35, """[ "rate<0.01" ]"""));
        using var agents = StartAgents(redis, dir, config, "blink-run");
        var processes = agents.Processes;

        // The run under way, Redis goes away for 12 s (longer than the 10 s agent timeout) and comes back empty.
        await EventuallyAsync(() => target.OkRequests >= 60 ? (object)true : null);
        await redis.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(12), Ct);
        await redis.StartAsync(Ct);

        var runs = await Task.WhenAll(processes.Select(p => p.WaitAsync(Patience, Ct)));

        Assert.All(runs, r => Assert.DoesNotContain("was lost", r.ToString(), StringComparison.Ordinal));
        Assert.All(runs, r => Assert.True(r.ExitCode == ExitCodes.Success, r.ToString()));
        Assert.All(runs.Select(Summary), a => Assert.Equal("completed", a.Status));
    }

    [Fact]
    public async Task Run_NotEveryAgentArrives_ExitCode1NamingHowManyArrived()
    {
        await using var redis = await RedisRequirement.StartRedisOrSkipAsync();
        using var dir = new TempDirectory();
        var config = dir.Config("alone.json", Configs.Delay("alone", seconds: 1, delayMs: 2));

        var run = await Cli.RunAsync(Ct, "run", "--config", config, "--coordinator", $"redis://{redis.Host}:{redis.Port}", "--agents", "2", "--rendezvous-timeout", "1s", "--out", dir.File("out"));

        Assert.True(run.ExitCode == ExitCodes.Failure, run.ToString());
        Assert.Contains("rendezvous timed out after 1 s: 1 of 2 agents arrived", run.Error, StringComparison.Ordinal);
        Assert.Contains($"run 'alone' on redis://{redis.Host}:{redis.Port}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CoordinatorUnreachable_ExitCode1WithoutThePassword()
    {
        using var dir = new TempDirectory();
        var config = dir.Config("secret.json", Configs.Delay("secret", seconds: 1, delayMs: 2));

        var run = await Cli.RunAsync(Ct, "run", "--config", config, "--coordinator", "redis://agent:s3cret-pw@127.0.0.1:1/2", "--agents", "2", "--out", dir.File("out"));

        Assert.True(run.ExitCode == ExitCodes.Failure, run.ToString());
        Assert.Contains("cannot reach the coordinator redis://127.0.0.1:1/2", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", run.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--coordinator|http://redis:6379|--agents|2", "--coordinator 'http://redis:6379' is not redis://[user:password@]host[:port][/database]")]
    [InlineData("--coordinator|redis://:s3cret@redis/x|--agents|2", "--coordinator 'redis://***@redis/x' names database 'x'")]
    [InlineData("--coordinator|redis://redis:6379", "--coordinator needs --agents <n>")]
    [InlineData("--agents|3", "--agents applies with --coordinator <redis-url> only")]
    [InlineData("--coordinator|redis://redis|--agents|0", "--agents must be a whole number of agents from 1 to 1,000 (was '0')")]
    [InlineData("--coordinator|redis://redis|--agents|2|--segment|1/2", "--segment and --coordinator cannot be used together")]
    [InlineData("--coordinator|redis://redis|--agents|2|--run-id|a b", "--run-id 'a b' must be 1 to 200 letters, digits or . _ - : @")]
    [InlineData("--coordinator|redis://redis|--agents|2|--rendezvous-timeout|soon", "--rendezvous-timeout must be a duration > 0")]
    public async Task Run_BadCoordinatorOptions_ExitCode2NamingTheOption(string options, string problem)
    {
        var run = await Cli.RunAsync(Ct, ["run", "--config", "a.json", .. options.Split('|')]);

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Contains(problem, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", run.Error, StringComparison.Ordinal);
    }

    private static AgentSet StartAgents(RedisTestServer redis, TempDirectory dir, string config, string runId) =>
        new([.. Enumerable.Range(1, Agents).Select(i => AgentProcess.Start(
            "run", "--config", config, "--coordinator", $"redis://{redis.Host}:{redis.Port}", "--agents", Agents.ToString(CultureInfo.InvariantCulture),
            "--run-id", runId, "--out", dir.File($"out{i}"), "--format", "json", "--no-live"))]);

    /// <summary>Polls until <paramref name="probe"/> gives a value, at most <see cref="Patience"/>.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<T?> probe)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            Assert.True(clock.Elapsed < Patience, $"not within {Patience}");
            await Task.Delay(50, Ct);
        }
    }

    private static async Task<CliOutcome[]> RunAgentsAsync(RedisTestServer redis, TempDirectory dir, string config, string runId)
    {
        using var agents = StartAgents(redis, dir, config, runId);
        return await Task.WhenAll(agents.Processes.Select(p => p.WaitAsync(Patience, Ct)));
    }

    /// <summary>The report of the one agent that wrote it (the leader); the others wrote none.</summary>
    private static string LeaderReport(TempDirectory dir, CliOutcome[] runs, string test)
    {
        var written = Enumerable.Range(1, Agents).Select(i => dir.File($"out{i}/{test}.json")).Where(File.Exists).ToList();
        Assert.True(written.Count == 1, $"{written.Count} agents wrote the report:\n{string.Join("\n", runs.Select(r => r.ToString()))}");
        return written[0];
    }

    private static AgentSummary Summary(CliOutcome run)
    {
        var match = AgentLine().Match(run.Out);
        Assert.True(match.Success, run.ToString());
        int Int(string name) => int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);
        return new AgentSummary(Int("agent"), Int("requests"), double.Parse(match.Groups["seconds"].Value, CultureInfo.InvariantCulture), match.Groups["status"].Value, Int("skew"));
    }

    [GeneratedRegex(@"agent (?<agent>\d) of 3 \(segment \d/3\): (?<requests>\d+) requests in (?<seconds>[\d.]+) s, (?<status>\w+); 3 agents started within (?<skew>\d+) ms of each other")]
    private static partial Regex AgentLine();

    /// <summary>The agent processes of one run; disposing kills those still running.</summary>
    private sealed class AgentSet(List<AgentProcess> processes) : IDisposable
    {
        public List<AgentProcess> Processes => processes;

        public void Dispose()
        {
            foreach (var p in processes)
            {
                p.Dispose();
            }
        }
    }

    private sealed record AgentSummary(int Agent, long Requests, double Seconds, string Status, int SkewMs);
}
