namespace Cortex.Slo.Alerting;

/// <summary>
/// The alerts that share the values of the <see cref="AlertingOptions.GroupBy"/> labels (by default the alert name: ten
/// per-operation latency alerts make one group and one notification). Holds its firing alerts, the resolved ones some
/// channel has not heard resolve yet, and one <see cref="ChannelStream"/> per channel.
/// </summary>
/// <param name="key">The group's identity: the label values joined by a separator no label holds (the alert name alone by default, as journals of earlier versions have it).</param>
/// <param name="name">The group's name in messages: the label values joined by " / ".</param>
/// <param name="labels">The group labels and their values.</param>
internal sealed class AlertGroup(string key, string name, IReadOnlyDictionary<string, string> labels)
{
    public string Key { get; } = key;

    public string Name { get; } = name;

    public IReadOnlyDictionary<string, string> Labels { get; } = labels;

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
