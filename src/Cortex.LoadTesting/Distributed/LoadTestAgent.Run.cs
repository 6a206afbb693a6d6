using System.Globalization;
using Cortex.LoadTesting.Analysis;
using Cortex.LoadTesting.Distributed.Internal;
using Cortex.LoadTesting.Execution;
using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Reports;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Thresholds;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Cortex.LoadTesting.Distributed;

public sealed partial class LoadTestAgent
{
    /// <summary>How often an agent looks at the run's stop key, in case it missed the published stop (a reconnect).</summary>
    private static readonly TimeSpan StopPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>How often an agent looks for lost agents (one that stopped beating).</summary>
    private static readonly TimeSpan LostCheck = TimeSpan.FromSeconds(1);

    private readonly List<Task> _publishing = [];

    /// <summary>When this agent's unbroken run of successful coordinator commands began (a timestamp), or -1 while they fail.</summary>
    private long _reachableSince = -1;
    private volatile bool _stoppedByOther;

    /// <summary>
    /// Runs this agent's segment. Each interval it publishes its figures (HdrHistograms included); the leader merges
    /// every agent's and judges the aborting thresholds on the whole, since a share of the load says nothing about a
    /// count or a throughput. Any agent's early stop (an aborting threshold of the whole, Ctrl+C, a failure) is
    /// published and stops the others at once. Every agent beats while it runs; one that stops beating for
    /// <see cref="LoadTestCoordinatorOptions.AgentTimeout"/> (a killed process, a lost machine) is counted lost by the
    /// others, and they stop the run as aborted, whichever agent it was.
    /// </summary>
    /// <param name="framework">The test, created with <see cref="LoadTestOptions.Segment"/> set to <see cref="Segment"/>.</param>
    /// <param name="cancellationToken">Stops this agent gracefully, and with it the others.</param>
    /// <returns>This agent's own result; its thresholds are judged on its share only (see <see cref="CollectAsync"/> for the run's).</returns>
    /// <exception cref="ArgumentException">The framework runs another segment than <see cref="Segment"/>.</exception>
    public async Task<LoadTestResult> ExecuteAsync(LoadTestFramework framework, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(framework);
        if (framework.Options.Segment != Segment)
        {
            throw new ArgumentException($"The framework runs segment {framework.Options.Segment}, but this agent's is {Segment}; set LoadTestOptions.Segment to the agent's Segment.", nameof(framework));
        }

        var started = _start ?? _time.GetUtcNow();
        await BeatAsync(_time.GetUtcNow().ToUnixTimeMilliseconds()).ConfigureAwait(false);
        var subscriber = _redis.GetSubscriber();
        await subscriber.SubscribeAsync(_keys.Channel, (_, message) => OnStop(framework, StopMessage.Parse(message))).ConfigureAwait(false);
        var hooks = new RunHooks
        {
            JudgeThresholdsLocally = false,
            Interval = PublishInterval,
            Stopping = (status, reason) =>
            {
                if (!_stoppedByOther)
                {
                    Track(PublishStopAsync(new StopMessage(Index, status, Volatile.Read(ref _abortingThreshold), reason)));
                }
            },
        };

        using var watching = new CancellationTokenSource();
        var watch = WatchAsync(framework, started, watching.Token);
        try
        {
            return await framework.ExecuteHookedAsync(hooks, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await PublishStopAsync(new StopMessage(Index, LoadTestStatus.Stopped, -1, "failed: " + ex.GetType().Name)).ConfigureAwait(false);
            throw;
        }
        finally
        {
            await watching.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);

            // Done, not lost: an agent still running must not count this one lost while it waits for the results.
            await BeatAsync(double.PositiveInfinity).ConfigureAwait(false);
            Task[] pending;
            lock (_publishing)
            {
                pending = [.. _publishing];
            }

            await Task.WhenAll(pending).ConfigureAwait(false);
            await subscriber.UnsubscribeAsync(_keys.Channel).ConfigureAwait(false);
        }
    }

    private int _abortingThreshold = -1;
    private int _handledStop;

    private void OnStop(LoadTestFramework framework, StopMessage? stop)
    {
        if (stop is null || stop.Agent == Index || Interlocked.Exchange(ref _handledStop, 1) != 0)
        {
            return;
        }

        _stoppedByOther = true;
        LogStoppedByOther(_logger, stop.Agent, stop.Reason);
        framework.StopFor(stop.Status, stop.ReasonFor(Agents), stop.Threshold);
    }

    /// <summary>On the run's reporter: hands the interval to Redis without waiting (a slow Redis must not delay the measurements).</summary>
    private void PublishInterval(LoadTestResult soFar)
    {
        var key = _keys.Live(Index);
        var json = LoadTestReports.ToJson(soFar);
        Track(PublishAsync());

        async Task PublishAsync()
        {
            var batch = _db.CreateBatch();
            var set = batch.HashSetAsync(key, [new("at", _time.GetUtcNow().ToUnixTimeMilliseconds()), new("result", json)]);
            var expire = batch.KeyExpireAsync(key, _ttl);
            batch.Execute();
            await Task.WhenAll(set, expire).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Until the run ends: beats, polls the stop key, looks for lost agents (every agent, since the lost one may be the
    /// leader) and, on the leader, judges the agents' intervals together.
    /// </summary>
    private async Task WatchAsync(LoadTestFramework framework, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var thresholds = CompiledThreshold.From(framework.Options);
        var interval = framework.Options.ReportingInterval;
        var lastJudged = _time.GetTimestamp();
        var lastChecked = _time.GetTimestamp();
        using var timer = new PeriodicTimer(StopPoll, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await BeatAsync(_time.GetUtcNow().ToUnixTimeMilliseconds()).ConfigureAwait(false);
                    OnStop(framework, StopMessage.Parse(await _db.StringGetAsync(_keys.Stop).ConfigureAwait(false)));
                    if (_time.GetElapsedTime(lastChecked) >= LostCheck)
                    {
                        lastChecked = _time.GetTimestamp();
                        await StopIfAnyLostAsync(framework, started).ConfigureAwait(false);
                    }

                    if (IsLeader && _time.GetElapsedTime(lastJudged) >= interval)
                    {
                        lastJudged = _time.GetTimestamp();
                        await JudgeAggregateAsync(framework, thresholds).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    // A Redis that blinks must not end the run; the next tick tries again.
                    LogRedisFailed(_logger, ex.GetType().Name, ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run is over.
        }
    }

    /// <summary>Merges the agents' latest intervals the way <c>cortex-load merge</c> merges their results, and aborts every agent when an aborting threshold fails on the whole.</summary>
    private async Task JudgeAggregateAsync(LoadTestFramework framework, IReadOnlyList<CompiledThreshold> thresholds)
    {
        if (!thresholds.Any(t => t.AbortOnFail))
        {
            return;
        }

        var live = await Task.WhenAll(Enumerable.Range(1, Agents).Select(i => _db.HashGetAsync(_keys.Live(i), "result"))).ConfigureAwait(false);
        if (live.Any(v => v.IsNull))
        {
            // Judging a part as the whole would abort on a count that the missing agents would have made good.
            return;
        }

        LoadTestResult whole;
        try
        {
            whole = LoadTestResultMerger.Merge([.. live.Select(v => LoadTestReports.FromJson(v!))]);
        }
        catch (ArgumentException ex)
        {
            LogAggregateFailed(_logger, ex.Message);
            return;
        }

        for (var i = 0; i < thresholds.Count && i < whole.Thresholds.Count; i++)
        {
            var t = thresholds[i];
            var judged = whole.Thresholds[i];
            if (t.AbortOnFail && !judged.Passed && whole.Duration >= t.DelayAbortEvaluation)
            {
                var reason = string.Create(CultureInfo.InvariantCulture,
                    $"threshold {t.Expression.Text}{(t.Step is null ? "" : " on " + t.Step)} failed on the {Agents} agents together: observed {judged.Observed:0.###}");
                LogAggregateAbort(_logger, t.Expression.Text, judged.Observed);
                Volatile.Write(ref _abortingThreshold, i);
                framework.StopFor(LoadTestStatus.Aborted, reason, i);
                return;
            }
        }
    }

    /// <summary>Records this agent's heartbeat: now (Unix ms) while it runs, +inf once its segment is done.</summary>
    private async Task BeatAsync(double at)
    {
        try
        {
            await _db.SortedSetAddAsync(_keys.Heartbeats, Index, at).ConfigureAwait(false);
            await _db.KeyExpireAsync(_keys.Heartbeats, _ttl).ConfigureAwait(false);
            Reached(true);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // The next beat tries again; only a silence of the agent timeout counts.
            Reached(false);
            LogRedisFailed(_logger, ex.GetType().Name, ex);
        }
    }

    /// <summary>Records whether a coordinator command succeeded, for <see cref="MayJudgeSilence"/>.</summary>
    private void Reached(bool ok)
    {
        if (!ok)
        {
            Volatile.Write(ref _reachableSince, -1);
        }
        else if (Volatile.Read(ref _reachableSince) < 0)
        {
            Volatile.Write(ref _reachableSince, _time.GetTimestamp());
        }
    }

    /// <summary>
    /// Whether this agent may take another's silence for its loss: only after reaching Redis without a break for the
    /// agent timeout. Right after a Redis outage (or a restart that emptied it) every agent was silent for the same
    /// reason, and each gets the same time to beat again before anyone is counted lost.
    /// </summary>
    private bool MayJudgeSilence() =>
        Volatile.Read(ref _reachableSince) is var since and >= 0 && _time.GetElapsedTime(since) >= _options.AgentTimeout;

    /// <summary>Stops every agent, this one included, when any agent has not beaten within the agent timeout.</summary>
    private async Task StopIfAnyLostAsync(LoadTestFramework framework, DateTimeOffset started)
    {
        var now = _time.GetUtcNow();
        if (now - started < _options.AgentTimeout || !MayJudgeSilence())
        {
            return;
        }

        // Two counts first, so that a healthy run of many agents does not read every heartbeat each second.
        var stale = (now - _options.AgentTimeout).ToUnixTimeMilliseconds();
        if (await _db.SortedSetLengthAsync(_keys.Heartbeats, double.NegativeInfinity, stale, Exclude.Stop).ConfigureAwait(false) == 0
            && await _db.SortedSetLengthAsync(_keys.Heartbeats).ConfigureAwait(false) >= Agents)
        {
            return;
        }

        var lost = await FindLostAsync(Enumerable.Range(1, Agents), now).ConfigureAwait(false);
        if (lost.Count == 0)
        {
            return;
        }

        var reason = string.Create(CultureInfo.InvariantCulture,
            $"{(lost.Count == 1 ? "agent" : "agents")} {string.Join(", ", lost)} of {Agents} {(lost.Count == 1 ? "was" : "were")} lost: no heartbeat for {Seconds(_options.AgentTimeout)}, so the run is missing {(lost.Count == 1 ? "its" : "their")} share of the load");
        LogLost(_logger, string.Join(", ", lost), _options.AgentTimeout.TotalSeconds);
        await PublishStopAsync(new StopMessage(StopMessage.Run, LoadTestStatus.Aborted, -1, reason)).ConfigureAwait(false);
        OnStop(framework, StopMessage.Parse(await _db.StringGetAsync(_keys.Stop).ConfigureAwait(false)));
    }

    /// <summary>
    /// Of <paramref name="candidates"/>, the agents whose last heartbeat is older than the agent timeout, or that never
    /// beat; they are recorded in the run's lost set, so that no agent waits for their results.
    /// </summary>
    private async Task<List<int>> FindLostAsync(IEnumerable<int> candidates, DateTimeOffset now)
    {
        var stale = (now - _options.AgentTimeout).ToUnixTimeMilliseconds();
        var beats = (await _db.SortedSetRangeByScoreWithScoresAsync(_keys.Heartbeats).ConfigureAwait(false))
            .ToDictionary(e => (int)e.Element, e => e.Score);
        var lost = candidates.Where(i => !beats.TryGetValue(i, out var at) || at < stale).ToList();
        if (lost.Count > 0)
        {
            await _db.SetAddAsync(_keys.Lost, [.. lost.Select(i => (RedisValue)i)]).ConfigureAwait(false);
            await _db.KeyExpireAsync(_keys.Lost, _ttl).ConfigureAwait(false);
        }

        return lost;
    }

    /// <summary>Records the run's first stop and tells every agent; later stops lose. Never throws: an agent that cannot tell the others still ends its own run.</summary>
    private async Task PublishStopAsync(StopMessage stop)
    {
        try
        {
            if (await _db.StringSetAsync(_keys.Stop, stop.ToString(), _ttl, When.NotExists).ConfigureAwait(false))
            {
                await _redis.GetSubscriber().PublishAsync(_keys.Channel, stop.ToString()).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogRedisFailed(_logger, ex.GetType().Name, ex);
        }
    }

    private void Track(Task task)
    {
        var observed = task.ContinueWith(t => LogRedisFailed(_logger, t.Exception!.InnerException!.GetType().Name, t.Exception), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        lock (_publishing)
        {
            _publishing.RemoveAll(p => p.IsCompleted);
            _publishing.Add(task.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
        }

        _ = observed;
    }

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Agent {Agent} stopped the run: {Reason}")]
    private static partial void LogStoppedByOther(ILogger logger, int agent, string reason);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Threshold {Expression} failed on all agents together (observed {Observed}); stopping every agent")]
    private static partial void LogAggregateAbort(ILogger logger, string expression, double observed);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "The agents' intervals could not be merged: {Reason}")]
    private static partial void LogAggregateFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 25, Level = LogLevel.Warning, Message = "Agents {Agents} sent no heartbeat for {Seconds} s: lost; stopping the run")]
    private static partial void LogLost(ILogger logger, string agents, double seconds);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "A coordinator command failed ({ErrorType}); the run goes on")]
    private static partial void LogRedisFailed(ILogger logger, string errorType, Exception? exception);
}
