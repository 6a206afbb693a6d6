using System.Globalization;
using Cortex.LoadTesting.Distributed.Internal;
using Cortex.LoadTesting.Reports;
using Cortex.LoadTesting.Results;
using StackExchange.Redis;

namespace Cortex.LoadTesting.Distributed;

public sealed partial class LoadTestAgent
{
    private static readonly TimeSpan ResultPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Publishes this agent's result, waits for every other agent's (up to the test's graceful stop plus
    /// <see cref="LoadTestCoordinatorOptions.ResultTimeout"/>), and merges them as <c>cortex-load merge</c> does:
    /// histograms added, thresholds judged on the whole. Every agent gets the same merged result, so each exits by the
    /// run's verdict; the <see cref="DistributedRunResult.Reporter"/> should write the reports. An agent found lost (no
    /// heartbeat within <see cref="LoadTestCoordinatorOptions.AgentTimeout"/>) is not waited for. The last agent to
    /// finish deletes the run's keys.
    /// </summary>
    /// <param name="own">What <see cref="ExecuteAsync"/> returned.</param>
    /// <param name="cancellationToken">Stops waiting for the others; what has arrived is merged.</param>
    /// <returns>The run's result and each agent's.</returns>
    /// <exception cref="LoadTestCoordinationException">The results cannot be merged (for example the agents did not start together).</exception>
    public async Task<DistributedRunResult> CollectAsync(LoadTestResult own, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(own);
        await _db.StringSetAsync(_keys.Result(Index), LoadTestReports.ToJson(own), _ttl).ConfigureAwait(false);
        var results = new SortedDictionary<int, LoadTestResult> { [Index] = own };
        var deadline = _time.GetUtcNow() + _gracefulStop + _options.ResultTimeout;
        var lost = new SortedSet<int>();
        var lastChecked = _time.GetTimestamp();
        try
        {
            while (true)
            {
                var missing = Enumerable.Range(1, Agents).Where(i => !results.ContainsKey(i)).ToList();
                if (missing.Count > 0 && await TryAsync(() => _db.SetMembersAsync(_keys.Lost)).ConfigureAwait(false) is { } members)
                {
                    lost.UnionWith(members.Select(m => (int)m));
                }

                // Agents that died after every running one had finished are found here: nobody was left to notice.
                if (missing.Count > 0 && _time.GetElapsedTime(lastChecked) >= LostCheck
                    && _start is { } start && _time.GetUtcNow() - start >= _options.AgentTimeout && MayJudgeSilence())
                {
                    lastChecked = _time.GetTimestamp();
                    if (await TryAsync(() => FindLostAsync(missing, _time.GetUtcNow())).ConfigureAwait(false) is { } found)
                    {
                        lost.UnionWith(found);
                    }
                }

                var values = await Task.WhenAll(missing.Select(i => _db.StringGetAsync(_keys.Result(i)))).ConfigureAwait(false);
                for (var j = 0; j < missing.Count; j++)
                {
                    if (!values[j].IsNull)
                    {
                        results[missing[j]] = LoadTestReports.FromJson(values[j]!);
                    }
                }

                if (results.Count == Agents || results.Keys.Union(lost).Count() >= Agents || _time.GetUtcNow() >= deadline)
                {
                    break;
                }

                await Task.Delay(ResultPoll, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Merge what has arrived.
        }

        var all = results.Values.ToList();
        LoadTestResult merged;
        try
        {
            merged = LoadTestResultMerger.Merge(all);
        }
        catch (ArgumentException ex)
        {
            throw new LoadTestCoordinationException($"the results of run '{RunId}' cannot be merged: {ex.Message}", ex);
        }

        // The run's first stop says why it ended once, rather than once per agent that it stopped.
        if (merged.Status != LoadTestStatus.Completed && StopMessage.Parse(await _db.StringGetAsync(_keys.Stop).ConfigureAwait(false)) is { } stop)
        {
            merged = merged with { StopReason = stop.ReasonFor(Agents) };
        }

        var missingAgents = Enumerable.Range(1, Agents).Where(i => !results.ContainsKey(i)).ToList();
        if (missingAgents.Count > 0)
        {
            // A merge of some agents is not the test's load: say so, as a partial merge of files does.
            merged = merged with
            {
                Status = LoadTestStatus.Aborted,
                StopReason = string.Create(CultureInfo.InvariantCulture, $"agents {string.Join(", ", missingAgents)} of {Agents} sent no result; {merged.StopReason ?? "the figures cover the others only"}"),
            };
        }

        await FinishAsync().ConfigureAwait(false);
        return new DistributedRunResult
        {
            Merged = merged,
            Agents = all,
            Missing = missingAgents,
            Lost = [.. missingAgents.Where(lost.Contains)],
            Reporter = results.Keys.First(),
            StartSkew = all.Max(r => r.StartedAt) - all.Min(r => r.StartedAt),
            Agent = Index,
        };
    }

    /// <summary>Runs one coordinator read; a Redis that blinks gives <see langword="null"/> and the next poll tries again.</summary>
    private async Task<T?> TryAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            var value = await read().ConfigureAwait(false);
            Reached(true);
            return value;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Reached(false);
            LogRedisFailed(_logger, ex.GetType().Name, ex);
            return null;
        }
    }

    /// <summary>Joins, runs and collects in one call: <see cref="WaitForStartAsync"/>, <see cref="ExecuteAsync"/>, <see cref="CollectAsync"/>.</summary>
    /// <param name="framework">The test, created with <see cref="LoadTestOptions.Segment"/> set to <see cref="Segment"/>.</param>
    /// <param name="cancellationToken">Stops this agent gracefully, and with it the others.</param>
    /// <returns>The run's result and each agent's.</returns>
    public async Task<DistributedRunResult> RunAsync(LoadTestFramework framework, CancellationToken cancellationToken = default)
    {
        await WaitForStartAsync(cancellationToken).ConfigureAwait(false);
        var own = await ExecuteAsync(framework, cancellationToken).ConfigureAwait(false);
        return await CollectAsync(own, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Counts this agent done; the last deletes the run's keys, so the id can be used again at once.</summary>
    private async Task FinishAsync()
    {
        try
        {
            var done = await _db.StringIncrementAsync(_keys.Done).ConfigureAwait(false);
            await _db.KeyExpireAsync(_keys.Done, _ttl).ConfigureAwait(false);
            if (done >= Agents)
            {
                await _db.KeyDeleteAsync(_keys.All(Agents)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The keys expire by themselves.
            LogRedisFailed(_logger, ex.GetType().Name, ex);
        }
    }
}
