using Microsoft.Extensions.Logging;

namespace Cortex.Slo.Alerting;

/// <summary>
/// The manager's state as journal records (<see cref="AlertJournal"/>), and back: a new process on the same journal
/// carries on where the last one stopped, or crashed. It keeps the firing alerts (with their start, acknowledgement and
/// escalation level, so escalation resumes at the level reached and climbs on at the original times), the resolved
/// alerts some channel has not heard resolve and those still in their cooldown, what each channel was told of each
/// group (so nothing already sent is paged again), every queued notification with its idempotency key (attempted at
/// once, in order), and the notifications given up.
/// </summary>
internal sealed partial class AlertManager
{
    private static JournalRecord SentRecord(string group, string channel, ChannelStream stream) => new()
    {
        Kind = JournalRecord.SentKind,
        Group = group,
        Channel = channel,
        Sent = stream.Firing.ToDictionary(f => f.Key, f => f.Value.Level, StringComparer.Ordinal),
        At = stream.LastSentAt,
    };

    private static JournalRecord QueuedRecord(string channel, AlertNotification notification, DateTimeOffset queuedAt) => new()
    {
        Kind = JournalRecord.QueuedKind,
        Channel = channel,
        Notification = Queued(notification, queuedAt),
    };

    private static QueuedNotification Queued(AlertNotification notification, DateTimeOffset queuedAt) =>
        new(notification.Key, notification.GroupName, notification.Service, notification.Alerts, queuedAt);

    private static JournalRecord UnsentResolveRecord(Alert alert, bool[] taken) =>
        new() { Kind = JournalRecord.UnsentResolveKind, Alert = alert, Taken = [.. taken] };

    /// <summary>Gets the records that rebuild the current state, for compaction. Called under the gate.</summary>
    private List<JournalRecord> StateRecords()
    {
        List<JournalRecord> records = [];
        var written = new HashSet<string>(StringComparer.Ordinal);
        void Add(Alert alert)
        {
            if (written.Add(alert.Id))
            {
                records.Add(JournalRecord.Of(alert));
            }
        }

        foreach (var alert in _history.Select(e => e.Alert).Where(a => a.State == AlertState.Resolved && _resolvedAt.ContainsKey(a.Fingerprint)))
        {
            Add(alert);
        }

        foreach (var group in _groups.Values)
        {
            foreach (var member in group.Members)
            {
                Add(member.Alert);
            }

            records.AddRange(group.Streams.Select(s => SentRecord(group.Key, s.Key, s.Value)));
        }

        foreach (var outbox in _outboxes)
        {
            records.AddRange(outbox.Snapshot().Select(item => QueuedRecord(outbox.Name, item.Notification, item.EnqueuedAt)));
        }

        records.AddRange(_silences.Values.Select(s => new JournalRecord { Kind = JournalRecord.SilenceKind, Silence = s }));
        records.AddRange(_unsentResolves.Values.Select(u => UnsentResolveRecord(u.Alert, u.Taken)));
        lock (_failuresGate)
        {
            records.AddRange(_failures.Select(f => new JournalRecord { Kind = JournalRecord.UndeliveredKind, Undelivered = f.Kept }));
        }

        return records;
    }

    /// <summary>Rebuilds the state from the journal's records, oldest first. Called under the gate, before anything runs.</summary>
    private void Restore(List<JournalRecord> records, DateTimeOffset now)
    {
        var alerts = new Dictionary<string, Alert>(StringComparer.Ordinal);
        var streams = new Dictionary<(string Group, string Channel), JournalRecord>();
        var queues = new Dictionary<string, Dictionary<string, (int Order, QueuedNotification Notification)>>(StringComparer.Ordinal);
        var unsent = new Dictionary<string, (Alert Alert, bool[] Taken)>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            switch (record.Kind)
            {
                case JournalRecord.AlertKind when record.Alert is { } alert:
                    alerts[alert.Id] = alert;
                    break;
                case JournalRecord.SentKind when record is { Group: { } group, Channel: { } channel, Sent: not null }:
                    streams[(group, channel)] = record;
                    break;
                case JournalRecord.QueuedKind when record is { Channel: { } channel, Notification: { } queued }:
                    if (!queues.TryGetValue(channel, out var queue))
                    {
                        queue = new Dictionary<string, (int, QueuedNotification)>(StringComparer.Ordinal);
                        queues.Add(channel, queue);
                    }

                    queue[queued.Key] = (i, queued);
                    break;
                case JournalRecord.UnsentResolveKind when record is { Alert: { } resolved, Taken: { } taken }:
                    unsent[resolved.Id] = (resolved, taken);
                    break;
                case JournalRecord.LeftKind when record is { Channel: { } channel, Key: { } key }:
                    if (queues.TryGetValue(channel, out var left))
                    {
                        left.Remove(key);
                    }

                    break;
                case JournalRecord.UndeliveredKind when record.Undelivered is { } kept:
                    RecordFailure(kept, Account(kept));
                    break;
                case JournalRecord.SilenceKind when record.Silence is { } silence:
                    _silences[silence.Id] = silence;
                    break;
            }
        }

        foreach (var ended in _silences.Values.Where(s => s.EndsAt <= now).Select(s => s.Id).ToList())
        {
            _silences.Remove(ended);
        }

        var heard = streams.Values.SelectMany(s => s.Sent!.Keys).ToHashSet(StringComparer.Ordinal);
        foreach (var alert in alerts.Values.OrderBy(a => a.StartsAt))
        {
            var entry = new AlertEntry(alert);
            if (entry.IsFiring)
            {
                if (!_firing.TryAdd(alert.Fingerprint, entry))
                {
                    continue;
                }
            }
            else if (alert.EndsAt is { } end && now - end < _options.Cooldown && (!_resolvedAt.TryGetValue(alert.Fingerprint, out var known) || known < end))
            {
                _resolvedAt[alert.Fingerprint] = end;
            }

            if (entry.IsFiring || heard.Contains(alert.Id))
            {
                GroupOf(alert.Labels).Members.Add(entry);
            }

            _history.Enqueue(entry);
        }

        foreach (var ((groupName, channel), record) in streams)
        {
            if (_groups.TryGetValue(groupName, out var group))
            {
                var stream = group.Stream(channel);
                stream.LastSentAt = record.At;
                foreach (var (id, level) in record.Sent!.Where(s => group.Members.Any(m => m.Alert.Id == s.Key)))
                {
                    stream.Firing[id] = new SentState(level);
                }
            }
        }

        foreach (var (channel, queue) in queues)
        {
            var items = queue.Values.OrderBy(q => q.Order).Select(q => new OutboxItem(
                Rebuilt(q.Notification),
                q.Notification.QueuedAt)).ToList();
            if (_outboxes.FirstOrDefault(o => o.Name == channel) is { } outbox)
            {
                outbox.Restore(items);
            }
            else
            {
                foreach (var item in items)
                {
                    var kept = item.GivenUp(channel, now, "the channel is no longer configured");
                    var account = Account(kept);
                    AlertLog.GaveUp(_logger, account);
                    RecordFailure(kept, account);
                }
            }
        }

        RestoreUnsentResolves(unsent, now);
        AlertLog.Restored(_logger, _firing.Count, _outboxes.Sum(o => o.Pending));
    }

    /// <summary>The resolves some Alertmanager instance had not taken (until MaxAge).</summary>
    private void RestoreUnsentResolves(Dictionary<string, (Alert Alert, bool[] Taken)> unsent, DateTimeOffset now)
    {
        var instances = _options.Alertmanager.Urls.Count;
        foreach (var (id, (alert, taken)) in unsent)
        {
            var resized = new bool[instances];
            Array.Copy(taken, resized, Math.Min(taken.Length, instances));
            if (_alertmanager is not null && alert.EndsAt is { } end && now - end < _options.Delivery.MaxAge && !resized.All(t => t))
            {
                _unsentResolves[id] = (alert, resized);
            }
        }
    }

    // A journaled notification as it was made: the same key, so a receiver can drop it if the last process sent it.
    private AlertNotification Rebuilt(QueuedNotification queued) =>
        new(queued.Group, queued.Service, queued.Alerts) { Key = queued.Key, GroupLabels = GroupLabelsOf(queued.Alerts[0].Labels) };

    private string Account(UndeliveredNotification kept) =>
        $"{kept.GivenUpAt:O} {kept.Channel}: gave up the {new AlertNotification(kept.Group, _serviceName, kept.Alerts).Describe()} after {kept.FailedAttempts} failed attempts: {kept.Reason}";
}
