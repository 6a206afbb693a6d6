using Microsoft.Extensions.Logging;

namespace Cortex.Slo.Alerting;

internal sealed partial class AlertManager
{
    private static readonly string[] KnownChannels = [AlertChannels.Webhook, AlertChannels.Slack, AlertChannels.Email];

    /// <summary>One pass of the dispatch loop: hands every due group notification to its channel's outbox.</summary>
    /// <returns>When something is next due (a level reached, a group wait or interval over, a repeat), or null.</returns>
    internal DateTimeOffset? Dispatch(DateTimeOffset now)
    {
        lock (_gate)
        {
            DateTimeOffset? next = null;
            List<JournalRecord> batch = [];
            List<(ChannelOutbox Outbox, AlertNotification Notification)> sends = [];
            var inhibited = Inhibited();
            foreach (var ended in _silences.Values.Where(s => s.EndsAt <= now).Select(s => s.Id).ToList())
            {
                _silences.Remove(ended);
            }

            // A silence's end is a change: what it muted goes out then.
            next = _silences.Count == 0 ? next : Earliest(next, _silences.Values.Min(s => s.EndsAt));
            // In a fleet only the notifier sends (and counts as told); one taking over first reads what the fleet was told.
            var delivering = IsNotifier && _fleet?.IsTakingOver != true;
            List<FleetState.Write> shared = [];
            foreach (var group in _groups.Values.ToList())
            {
                foreach (var entry in group.Members.Where(m => m.IsFiring))
                {
                    next = Earliest(next, ClimbSilentLevels(entry, now, batch));
                }

                foreach (var outbox in delivering ? _outboxes : [])
                {
                    var count = sends.Count;
                    next = Earliest(next, Flush(group, outbox, inhibited, now, batch, sends));
                    if (_fleet is not null && sends.Count > count)
                    {
                        shared.AddRange(sends[count].Notification.Alerts.Where(a => a.State == AlertState.Firing).Select(FleetState.MergeAlert));
                        shared.Add(SharedSent(group, outbox.Name, group.Stream(outbox.Name)));
                    }
                }

                if (group.Prune())
                {
                    _groups.Remove(group.Key);
                }
            }

            // On disk (and in a fleet in Redis) before any of it can be delivered: a crash now re-sends (same keys), never loses.
            batch.AddRange(sends.Select(s => QueuedRecord(s.Outbox.Name, s.Notification, now)));
            _journal?.Append(batch);
            if (_fleet is null)
            {
                Enqueue(sends);
            }
            else if (sends.Count > 0)
            {
                shared.AddRange(sends.Select(s => FleetState.PutQueued(s.Outbox.Name, Queued(s.Notification, now))));
                _fleet.Push(shared, () => Enqueue(sends));
            }

            if (_journal?.IsFull == true)
            {
                _journal.Compact(StateRecords());
            }

            return next;
        }
    }

    private static void Enqueue(List<(ChannelOutbox Outbox, AlertNotification Notification)> sends)
    {
        foreach (var (outbox, notification) in sends)
        {
            outbox.Enqueue(notification);
        }
    }

    /// <summary>
    /// Sends the group to one channel when its content changed and the grouping timers allow, or when it is due a repeat.
    /// </summary>
    /// <returns>When this channel's view of the group is next due.</returns>
    private DateTimeOffset? Flush(AlertGroup group, ChannelOutbox outbox, HashSet<string> inhibited, DateTimeOffset now, List<JournalRecord> batch, List<(ChannelOutbox, AlertNotification)> sends)
    {
        var stream = group.Stream(outbox.Name);
        List<(AlertEntry Entry, int Level)> content = [];
        DateTimeOffset? due = null;
        foreach (var entry in group.Members)
        {
            var alert = entry.Alert;
            var known = stream.Firing.TryGetValue(alert.Id, out var sent);
            if (!entry.IsFiring)
            {
                if (known)
                {
                    content.Add((entry, 0));
                    due = Earliest(due, ChangeDue(stream, alert.EndsAt!.Value, escalation: false));
                }

                continue;
            }

            if (inhibited.Contains(alert.Id) || _silences.Values.Any(s => s.Mutes(alert, now)))
            {
                continue;
            }

            var (level, step, reachedAt) = LevelFor(alert, outbox.Name, now);
            if (level == 0)
            {
                continue;
            }

            content.Add((entry, level));
            if (!known || sent.Level < level)
            {
                due = Earliest(due, ChangeDue(stream, reachedAt, escalation: step > 0));
            }
        }

        if (content.Count == 0)
        {
            return null;
        }

        due ??= content.Any(c => c.Entry.IsFiring) ? stream.LastSentAt + _options.RepeatInterval : null;
        if (due is null || due > now)
        {
            return due;
        }

        List<Alert> alerts = [];
        foreach (var (entry, level) in content.OrderBy(c => c.Entry.Alert.StartsAt))
        {
            if (entry.IsFiring)
            {
                if (level > entry.Alert.EscalationLevel)
                {
                    entry.Alert = entry.Alert with { EscalationLevel = level };
                }

                stream.Firing[entry.Alert.Id] = new SentState(level);
            }
            else
            {
                stream.Firing.Remove(entry.Alert.Id);
            }

            alerts.Add(entry.Alert);
        }

        stream.LastSentAt = now;
        var notification = new AlertNotification(group.Name, _serviceName, alerts) { GroupLabels = group.Labels };
        batch.AddRange(alerts.Select(JournalRecord.Of));
        batch.Add(SentRecord(group.Key, outbox.Name, stream));
        sends.Add((outbox, notification));
        return alerts.Any(a => a.State == AlertState.Firing) ? now + _options.RepeatInterval : null;
    }

    // A channel that never heard of the group, or a level just reached, waits GroupWait (to gather what comes together);
    // news for a channel that already heard waits until GroupInterval after its last notification.
    private DateTimeOffset ChangeDue(ChannelStream stream, DateTimeOffset changedAt, bool escalation) =>
        stream.LastSentAt is not { } last || escalation
            ? changedAt + _options.GroupWait
            : Later(changedAt, last + _options.GroupInterval);

    /// <summary>Gets the highest level the alert reached that names <paramref name="channel"/>, its index and when it was reached; level 0 if none.</summary>
    private (int Level, int Step, DateTimeOffset ReachedAt) LevelFor(Alert alert, string channel, DateTimeOffset now)
    {
        for (var i = _steps.Length - 1; i >= 0; i--)
        {
            if (Reached(alert, i, now) && _steps[i].Channels.Contains(channel))
            {
                return (_steps[i].Level, i, alert.StartsAt + _steps[i].Delay);
            }
        }

        return (0, -1, default);
    }

    private bool Reached(Alert alert, int step, DateTimeOffset now)
    {
        if (step > 0 && alert.Severity == AlertSeverity.Info)
        {
            return false;
        }

        var at = alert.StartsAt + _steps[step].Delay;
        return at <= now && (alert.AcknowledgedAt is not { } acknowledged || at <= acknowledged);
    }

    /// <summary>Counts reached levels without a configured channel as sent; returns when the alert's next level is reached.</summary>
    private DateTimeOffset? ClimbSilentLevels(AlertEntry entry, DateTimeOffset now, List<JournalRecord> batch)
    {
        for (var i = 0; i < _steps.Length; i++)
        {
            if (!Reached(entry.Alert, i, now))
            {
                var at = entry.Alert.StartsAt + _steps[i].Delay;
                return at > now && entry.Alert.AcknowledgedAt is null && (i == 0 || entry.Alert.Severity != AlertSeverity.Info) ? at : null;
            }

            if (_steps[i].Channels.Count == 0 && _steps[i].Level > entry.Alert.EscalationLevel)
            {
                entry.Alert = entry.Alert with { EscalationLevel = _steps[i].Level };
                batch.Add(JournalRecord.Of(entry.Alert));
            }
        }

        return null;
    }

    /// <summary>The configured channels, and whether each is paced as Slack asks (<see cref="SlackChannelOptions.MinInterval"/>).</summary>
    private static IEnumerable<(IAlertChannel Channel, bool Paced)> Channels(AlertingOptions options, IHttpClientFactory httpClientFactory, TimeProvider timeProvider)
    {
        if (options.Webhook.Url is { } webhook)
        {
            // A Slack incoming webhook answers Alertmanager's JSON with 400: it is sent Slack's message, at Slack's pace.
            var slack = options.Webhook.EffectiveFormat() == WebhookFormat.Slack;
            yield return (new JsonChannel(AlertChannels.Webhook, webhook, slack ? SlackPayload.Write : WebhookPayload.Write, httpClientFactory, timeProvider), slack);
        }

        if (options.Slack.WebhookUrl is { } slackUrl)
        {
            yield return (new JsonChannel(AlertChannels.Slack, slackUrl, SlackPayload.Write, httpClientFactory, timeProvider), true);
        }

        if (!string.IsNullOrWhiteSpace(options.Email.Host) && options.Email.Recipients.Count > 0)
        {
            yield return (new EmailChannel(options.Email, options.Delivery.Timeout), false);
        }
    }

    /// <summary>Sorts the levels by delay and keeps the configured channels of each; no level at all means every channel at once.</summary>
    private static EscalationStep[] Steps(AlertingOptions options, string[] configured, ILogger logger)
    {
        if (options.Escalation.Count == 0)
        {
            return [new EscalationStep(1, TimeSpan.Zero, configured)];
        }

        foreach (var level in options.Escalation)
        {
            foreach (var channel in level.Channels.Where(c => !KnownChannels.Contains(c, StringComparer.OrdinalIgnoreCase)))
            {
                AlertLog.UnknownChannel(logger, level.Level, channel);
            }
        }

        return [.. options.Escalation
            .OrderBy(l => l.Delay)
            .ThenBy(l => l.Level)
            .Select(l => new EscalationStep(
                l.Level,
                l.Delay,
                [.. configured.Where(c => l.Channels.Contains(c, StringComparer.OrdinalIgnoreCase))]))];
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
