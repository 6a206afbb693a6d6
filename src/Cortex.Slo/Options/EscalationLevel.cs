namespace Cortex.Slo;

/// <summary>One escalation level: after <see cref="Delay"/> without acknowledgement, the alert is sent to <see cref="Channels"/>.</summary>
public sealed class EscalationLevel
{
    /// <summary>Gets or sets the level number, from 1.</summary>
    public int Level { get; set; }

    /// <summary>Gets or sets how long after the alert fired this level is reached.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Gets the channels notified at this level (<see cref="AlertChannels"/>); channels that are not configured are skipped.</summary>
    public IList<string> Channels { get; } = [];
}
