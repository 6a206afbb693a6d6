using System.Globalization;
using Cortex.LoadTesting.Results;

namespace Cortex.LoadTesting.Distributed.Internal;

/// <summary>
/// A stop of a distributed run, as kept in Redis and published to the agents: <c>agent|status|threshold|reason</c>.
/// <paramref name="Threshold"/> is the index of the threshold that failed on the aggregate, or -1. <paramref name="Agent"/> is
/// the agent that stopped the run, or <see cref="Run"/> when the stop speaks for the run (an agent was lost).
/// </summary>
internal sealed record StopMessage(int Agent, LoadTestStatus Status, int Threshold, string Reason)
{
    /// <summary>The "agent" of a stop that no one agent made: every agent, the one that noticed included, obeys it.</summary>
    public const int Run = 0;

    public static StopMessage? Parse(string? text)
    {
        var parts = text?.Split('|', 4);
        return parts is { Length: 4 }
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var agent)
            && Enum.TryParse<LoadTestStatus>(parts[1], out var status)
            && int.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var threshold)
            ? new StopMessage(agent, status, threshold, parts[3])
            : null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Agent}|{Status}|{Threshold}|{Reason}");

    /// <summary>The reason as another agent states it: an aggregate threshold speaks for the whole run, any other stop names its agent.</summary>
    public string ReasonFor(int agents) =>
        Threshold >= 0 || Agent == Run ? Reason : string.Create(CultureInfo.InvariantCulture, $"agent {Agent} of {agents} {(Status == LoadTestStatus.Aborted ? "aborted" : "stopped")}: {Reason}");
}
