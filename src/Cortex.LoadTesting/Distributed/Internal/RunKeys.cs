using System.Globalization;
using StackExchange.Redis;

namespace Cortex.LoadTesting.Distributed.Internal;

/// <summary>
/// The Redis keys of one distributed run, all under <c>cortex-load:{run-id}:</c> (the braces keep them on one Redis
/// Cluster slot, so a transaction may touch several).
/// </summary>
internal sealed class RunKeys(string runId)
{
    private readonly string _prefix = "cortex-load:{" + runId + "}:";

    /// <summary>Gets the counter that numbers the agents as they register.</summary>
    public RedisKey Agents => _prefix + "agents";

    /// <summary>Gets the counter of agents ready to start (their test is prepared).</summary>
    public RedisKey Ready => _prefix + "ready";

    /// <summary>Gets the description of the test, so that agents of another test under the same id are refused.</summary>
    public RedisKey Test => _prefix + "test";

    /// <summary>Gets the common start, Unix milliseconds, set once by the leader.</summary>
    public RedisKey Start => _prefix + "start";

    /// <summary>Gets the first stop of the run (<see cref="StopMessage"/>); set once, also published on <see cref="Channel"/>.</summary>
    public RedisKey Stop => _prefix + "stop";

    /// <summary>Gets the counter of agents that have read every result; the last one deletes the keys.</summary>
    public RedisKey Done => _prefix + "done";

    /// <summary>Gets the sorted set of heartbeats: each running agent's number, scored by when it last beat (Unix ms); +inf once it has finished.</summary>
    public RedisKey Heartbeats => _prefix + "heartbeats";

    /// <summary>Gets the set of agents found lost during the run (no heartbeat within the agent timeout); their results are not waited for.</summary>
    public RedisKey Lost => _prefix + "lost";

    public RedisChannel Channel => RedisChannel.Literal(_prefix + "events");

    /// <summary>The hash of an agent's latest interval: <c>at</c> (Unix ms) and <c>result</c> (the run so far, JSON).</summary>
    public RedisKey Live(int agent) => _prefix + "live:" + agent.ToString(CultureInfo.InvariantCulture);

    /// <summary>An agent's final result, JSON.</summary>
    public RedisKey Result(int agent) => _prefix + "result:" + agent.ToString(CultureInfo.InvariantCulture);

    public RedisKey[] All(int agents) =>
        [Agents, Ready, Test, Start, Stop, Done, Heartbeats, Lost, .. Enumerable.Range(1, agents).SelectMany(i => new[] { Live(i), Result(i) })];
}
