namespace Cortex.Slo.Alerting;

/// <summary>
/// The alerts that share a name (Alertmanager's <c>group_by: [alertname]</c>): ten per-operation latency alerts make one
/// group and one notification. Holds its firing alerts, the resolved ones some channel has not heard resolve yet, and
/// one <see cref="ChannelStream"/> per channel.
/// </summary>
internal sealed class AlertGroup(string name)
{
    public string Name { get; } = name;

    public List<AlertEntry> Members { get; } = [];

    public Dictionary<string, ChannelStream> Streams { get; } = new(StringComparer.Ordinal);

    public ChannelStream Stream(string channel)
    {
        if (!Streams.TryGetValue(channel, out var stream))
        {
            stream = new ChannelStream();
            Streams.Add(channel, stream);
        }

        return stream;
    }

    /// <summary>Drops the resolved alerts no channel still believes firing; returns whether the group is now empty.</summary>
    public bool Prune()
    {
        Members.RemoveAll(m => !m.IsFiring && !Streams.Values.Any(s => s.Firing.ContainsKey(m.Alert.Id)));
        return Members.Count == 0;
    }
}
