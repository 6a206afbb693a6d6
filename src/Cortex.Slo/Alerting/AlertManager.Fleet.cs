namespace Cortex.Slo.Alerting;

/// <summary>
/// The manager's side of the fleet's shared state (<see cref="FleetState"/>): alerts are matched across replicas by
/// fingerprint (their ids are each replica's own). A replica takes the fleet's earliest start and acknowledgement of each
/// alert it fires (so escalation runs on the fleet's clock and stops where any replica acknowledged) and its silences;
/// a replica that becomes the notifier takes what each channel was told and what was left queued.
/// </summary>
internal sealed partial class AlertManager : IFleetMember
{
    List<FleetState.Write> IFleetMember.FleetWrites(bool full)
    {
        lock (_gate)
        {
            List<FleetState.Write> writes = [.. _firing.Values.Select(e => FleetState.MergeAlert(e.Alert))];
            if (!full)
            {
                return writes;
            }

            writes.AddRange(_silences.Values.Select(FleetState.PutSilence));
            if (IsNotifier)
            {
                foreach (var group in _groups.Values)
                {
                    writes.AddRange(group.Streams.Where(s => s.Value.LastSentAt is not null).Select(s => SharedSent(group, s.Key, s.Value)));
                }

                foreach (var outbox in _outboxes)
                {
                    writes.AddRange(outbox.Snapshot().Select(item => FleetState.PutQueued(outbox.Name, Queued(item.Notification, item.EnqueuedAt))));
                }
            }

            return writes;
        }
    }

    void IFleetMember.Merge(IReadOnlyDictionary<string, SharedAlert> alerts, IReadOnlyList<Silence> silences)
    {
        List<Alert> acknowledged = [];
        var changed = false;
        lock (_gate)
        {
            List<JournalRecord> batch = [];
            foreach (var entry in _firing.Values)
            {
                if (!alerts.TryGetValue(entry.Fingerprint, out var shared))
                {
                    continue;
                }

                var alert = entry.Alert;
                var startsAt = shared.StartsAt < alert.StartsAt ? shared.StartsAt : alert.StartsAt;
                var acknowledgedAt = alert.AcknowledgedAt ?? (shared.AcknowledgedAt >= startsAt ? shared.AcknowledgedAt : null);
                var level = Math.Max(alert.EscalationLevel, shared.Level);
                if (startsAt == alert.StartsAt && acknowledgedAt == alert.AcknowledgedAt && level == alert.EscalationLevel)
                {
                    continue;
                }

                entry.Alert = alert with { StartsAt = startsAt, AcknowledgedAt = acknowledgedAt, EscalationLevel = level };
                batch.Add(JournalRecord.Of(entry.Alert));
                if (alert.AcknowledgedAt is null && acknowledgedAt is not null)
                {
                    acknowledged.Add(entry.Alert);
                }
            }

            foreach (var silence in silences)
            {
                // A silence only ends earlier (expired by hand on some replica), never later.
                if (_silences.TryGetValue(silence.Id, out var known) ? silence.EndsAt < known.EndsAt : silence.EndsAt > _timeProvider.GetUtcNow())
                {
                    _silences[silence.Id] = silence;
                    batch.Add(new JournalRecord { Kind = JournalRecord.SilenceKind, Silence = silence });
                }
            }

            _journal?.Append(batch);
            changed = batch.Count > 0;
        }

        foreach (var alert in acknowledged)
        {
            AlertLog.AlertAcknowledged(_logger, alert.Name, alert.Slo, alert.EscalationLevel, alert.Id);
            Raise(Acknowledged, alert, nameof(Acknowledged));
        }

        if (changed)
        {
            _dispatch.Wake();
        }
    }

    void IFleetMember.TookOver(IReadOnlyList<JournalRecord> sent, IReadOnlyList<JournalRecord> outbox)
    {
        lock (_gate)
        {
            foreach (var record in sent)
            {
                if (record is not { Group: { } key, Channel: { } channel, Sent: { } told } || !_groups.TryGetValue(key, out var group))
                {
                    continue;
                }

                var stream = group.Stream(channel);
                if (record.At > stream.LastSentAt || stream.LastSentAt is null)
                {
                    stream.LastSentAt = record.At;
                }

                foreach (var member in group.Members.Where(m => m.IsFiring && told.ContainsKey(m.Fingerprint)))
                {
                    var level = told[member.Fingerprint];
                    if (!stream.Firing.TryGetValue(member.Alert.Id, out var known) || known.Level < level)
                    {
                        stream.Firing[member.Alert.Id] = new SentState(level);
                    }
                }
            }

            // What the last notifier queued and did not see delivered, with its key (a receiver drops a repeat).
            List<JournalRecord> batch = [];
            foreach (var channel in _outboxes)
            {
                var local = channel.Snapshot().Select(i => i.Notification.Key).ToHashSet(StringComparer.Ordinal);
                var items = outbox
                    .Where(r => r.Channel == channel.Name && r.Notification is { } n && !local.Contains(n.Key))
                    .Select(r => r.Notification!)
                    .OrderBy(n => n.QueuedAt)
                    .Select(n => new OutboxItem(Rebuilt(n), n.QueuedAt))
                    .ToList();
                batch.AddRange(items.Select(i => QueuedRecord(channel.Name, i.Notification, i.EnqueuedAt)));
                _journal?.Append(batch);
                channel.Restore(items);
                batch.Clear();
            }
        }

        _dispatch.Wake();
    }

    /// <summary>What a channel was told of a group, by fingerprint, for the fleet. Called under the gate.</summary>
    private static FleetState.Write SharedSent(AlertGroup group, string channel, ChannelStream stream)
    {
        var told = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var member in group.Members)
        {
            if (stream.Firing.TryGetValue(member.Alert.Id, out var state) && (!told.TryGetValue(member.Fingerprint, out var level) || level < state.Level))
            {
                told[member.Fingerprint] = state.Level;
            }
        }

        return FleetState.PutSent(group.Key, channel, told, stream.LastSentAt);
    }
}
