using System.Globalization;
using Cortex.LoadTesting.Results;

namespace Cortex.LoadTesting.Distributed.Internal;

/// <summary>
/// A stop of a distributed run, as kept in Redis and published to the agents: <c>agent|status|threshold|reason</c>.
/// <paramref name="Threshold"/> is the index of the threshold that failed on the aggregate, or -1.
/// </summary>
internal sealed record StopMessage(int Agent, LoadTestStatus Status, int Threshold, string Reason)
{
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
        Threshold >= 0 ? Reason : string.Create(CultureInfo.InvariantCulture, $"agent {Agent} of {agents} {(Status == LoadTestStatus.Aborted ? "aborted" : "stopped")}: {Reason}");
}
