using Microsoft.Extensions.Logging;

namespace Cortex.Slo.Alerting;

/// <summary>
/// Alertmanager-style handling of the evaluation's candidates, and delivery of the notifications.
/// <list type="bullet">
/// <item><b>Identity.</b> An alert's fingerprint is the SHA-256 of its sorted labels (alertname, slo, severity, service and
/// the candidate's own), so the warning and the critical alert of one condition are two alerts. A candidate whose
/// fingerprint is firing updates that alert (summary, value); a new one creates an alert, unless the same fingerprint
/// resolved less than <see cref="AlertingOptions.Cooldown"/> ago: then it is suppressed (not raised, not in <see cref="Active"/>)
/// until the cooldown is over. A firing alert missing from the candidates resolves.</item>
/// <item><b>Grouping</b> is by the <see cref="AlertingOptions.GroupBy"/> labels (by default <c>group_by: [alertname]</c>): a group's first notification to a channel waits
/// <see cref="AlertingOptions.GroupWait"/> to gather its siblings; later new or resolved alerts wait until
/// <see cref="AlertingOptions.GroupInterval"/> after the channel's previous notification; a group still firing with nothing
/// new is sent again after <see cref="AlertingOptions.RepeatInterval"/>. A notification carries all the group's firing alerts
/// routed to the channel and those that resolved since the channel last heard.</item>
/// <item><b>Escalation decides the routing, grouping the timing.</b> Level <i>k</i> is reached at StartsAt + its delay
/// unless the alert was acknowledged (or resolved) before; an alert is routed to the channels of every level it reached.
/// Reaching a level is a change for that level's channels, sent GroupWait after the level was reached (so ten alerts that
/// escalate together make one message, and with the default levels and GroupWait = 0 the levels go out at 0, 5, 15 and
/// 30 minutes), not held back by GroupInterval. A level a channel had already heard again later (the default webhook at L1
/// and L3) is sent to it again. <see cref="Alert.EscalationLevel"/> is the highest level the alert was sent at; a level
/// without a configured channel counts as sent when reached. Info alerts stop at the first level. Acknowledgement stops
/// the levels not yet reached; the channels already reached still get the group's updates and the resolution.</item>
/// <item><b>Inhibition</b> by <see cref="AlertingOptions.InhibitRules"/> (by default: while an SLO has a firing critical
/// alert, its warning alerts of any name are muted): a muted alert stays in <see cref="Active"/> and raises its events,
/// but no channel is sent it; a channel that heard one before the mute still gets its resolution. When the source
/// resolves the targets are sent as usual. Silences mute the same way.</item>
/// <item><b>Delivery</b> goes through one <see cref="ChannelOutbox"/> per configured channel (retries with backoff, order
/// kept, Slack paced); what is given up lands in <see cref="DeliveryFailures"/>. Nothing here logs or reports a webhook
/// URL or an SMTP password.</item>
/// </list>
/// Notifications are sent only between <see cref="Start"/> and <see cref="StopAsync"/>; the bookkeeping works without.
/// </summary>
internal sealed partial class AlertManager : IAsyncDisposable
{
    private const int HistoryCapacity = 10_000;
    private const int FailureCapacity = 1_000;

    private readonly AlertingOptions _options;
    private readonly string _serviceName;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AlertEntry> _firing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AlertGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _resolvedAt = new(StringComparer.Ordinal);
    private readonly Queue<AlertEntry> _history = new();
    private readonly Lock _failuresGate = new();
    private readonly Queue<(UndeliveredNotification Kept, string Account)> _failures = new();
    private readonly ChannelOutbox[] _outboxes;
    private readonly EscalationStep[] _steps;
    private readonly DueLoop _dispatch;
    private readonly AlertJournal? _journal;
    private readonly AlertmanagerChannel? _alertmanager;
    private readonly NotifierLease? _lease;
    private readonly FleetState? _fleet;
    private readonly Dictionary<string, Silence> _silences = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Alert Alert, bool[] Taken)> _unsentResolves = new(StringComparer.Ordinal);
    private CancellationTokenSource? _stop;
    private Task? _running;

    public AlertManager(AlertingOptions options, string serviceName, IHttpClientFactory httpClientFactory, TimeProvider timeProvider, ILogger logger, AlertMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serviceName);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _serviceName = serviceName;
        _timeProvider = timeProvider;
        _logger = logger;
        metrics ??= new AlertMetrics(null);
        _outboxes = [.. Channels(options, httpClientFactory, timeProvider).Select(channel => new ChannelOutbox(
            channel.Channel,
            options.Delivery,
            channel.Paced ? options.Slack.MinInterval : TimeSpan.Zero,
            options.GroupInterval,
            timeProvider,
            logger,
            metrics,
            (notification, kept, account) => Left(channel.Channel.Name, notification, kept, account)))];
        _steps = Steps(options, [.. _outboxes.Select(o => o.Name)], logger);
        _dispatch = new DueLoop(timeProvider, (now, _) => Task.FromResult(Dispatch(now)), ex => AlertLog.LoopFailed(logger, "dispatch", ex));
        if (options.Alertmanager.Urls.Count > 0)
        {
            _alertmanager = new AlertmanagerChannel(options.Alertmanager, options.Delivery, httpClientFactory, timeProvider, logger, metrics, AlertmanagerState, ResolvedTaken);
        }

        if (options.Fleet.RedisConnectionString is not null)
        {
            var lease = new NotifierLease(options.Fleet, serviceName, timeProvider, logger, () => _fleet!.TakeOver());
            _lease = lease;
            _fleet = new FleetState(options.Fleet.EffectiveKeyPrefix(serviceName), options.Fleet.LeaseTime / 3, 2 * options.Fleet.LeaseTime, () => lease.Database, timeProvider, logger, this);
        }

        if (options.Journal.Directory is { } directory)
        {
            _journal = AlertJournal.Open(directory, options.Journal.MaxBytes, logger, out var records);
            lock (_gate)
            {
                Restore(records, timeProvider.GetUtcNow());
                _journal.Compact(StateRecords());
            }
        }
    }

    public event Action<Alert>? Created;

    public event Action<Alert>? Acknowledged;

    public event Action<Alert>? Resolved;

    /// <summary>Gets the firing alerts, oldest first (inhibited warnings included).</summary>
    public IReadOnlyList<Alert> Active
    {
        get
        {
            lock (_gate)
            {
                return [.. _firing.Values.Select(e => e.Alert).OrderBy(a => a.StartsAt).ThenBy(a => a.Name, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Deliveries given up (4xx other than 429, or older than MaxAge), one line each, newest last; never contains a URL or password.</summary>
    public IReadOnlyList<string> DeliveryFailures
    {
        get
        {
            lock (_failuresGate)
            {
                return [.. _failures.Select(f => f.Account)];
            }
        }
    }

    /// <summary>Gets the notifications given up (the last 1,000), oldest first, with their alerts; never a URL or password.</summary>
    public IReadOnlyList<UndeliveredNotification> Undelivered
    {
        get
        {
            lock (_failuresGate)
            {
                return [.. _failures.Select(f => f.Kept)];
            }
        }
    }

    /// <summary>Gets whether the dispatch loop and every outbox sleep with nothing due (for tests that drive a fake clock).</summary>
    internal bool IsIdle => _dispatch.IsIdle && _outboxes.All(o => o.Loop.IsIdle) && (_alertmanager?.Loop.IsIdle ?? true) && (_lease?.Loop.IsIdle ?? true) && (_fleet?.Loop.IsIdle ?? true);

    /// <summary>Gets whether this replica delivers: always without fleet mode, else while it holds the notifier lease (or Redis is unreachable).</summary>
    internal bool IsNotifier => _lease?.IsNotifier ?? true;

    /// <summary>Stops as a process that died would: the loops end, the fleet lease is neither renewed nor handed over (for tests).</summary>
    internal async Task CrashAsync()
    {
        if (_lease is not null)
        {
            await _lease.AbandonAsync();
        }

        await StopAsync();
    }

    /// <summary>Gets how many resolved alerts some Alertmanager instance has not taken yet.</summary>
    internal int UnsentResolves
    {
        get
        {
            lock (_gate)
            {
                return _unsentResolves.Count;
            }
        }
    }

    /// <summary>Gets the notifications waiting in a channel's outbox (0 for a channel that is not configured).</summary>
    internal int Pending(string channel) => _outboxes.FirstOrDefault(o => o.Name == channel)?.Pending ?? 0;

    /// <summary>Starts the dispatch loop and the outboxes' delivery loops; a second call does nothing.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_running is not null)
            {
                return;
            }

            _stop = new CancellationTokenSource();
            var token = _stop.Token;
            _running = Task.WhenAll(_outboxes
                .Select(o => o.Loop)
                .Prepend(_dispatch)
                .Concat(_alertmanager is null ? [] : [_alertmanager.Loop])
                .Concat(_lease is null ? [] : [_lease.Loop])
                .Concat(_fleet is null ? [] : [_fleet.Loop])
                .Select(loop => Task.Run(() => loop.RunAsync(token), CancellationToken.None)));
        }
    }

    /// <summary>Stops the loops; an attempt under way is cancelled. What is still queued is logged, not delivered.</summary>
    public async Task StopAsync()
    {
        CancellationTokenSource? stop;
        Task? running;
        lock (_gate)
        {
            (stop, running) = (_stop, _running);
            (_stop, _running) = (null, null);
        }

        if (stop is null || running is null)
        {
            return;
        }

        await stop.CancelAsync();
        await running;
        stop.Dispose();
        foreach (var outbox in _outboxes.Where(o => o.Pending > 0))
        {
            AlertLog.UndeliveredAtStop(_logger, outbox.Pending, outbox.Name);
        }
    }

    /// <summary>Takes the conditions violated now; any firing alert whose fingerprint is absent resolves.</summary>
    public void Evaluate(IReadOnlyCollection<AlertCandidate> violated, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(violated);
        List<Alert> created = [];
        List<Alert> resolved = [];
        lock (_gate)
        {
            foreach (var (fingerprint, at) in _resolvedAt.Where(r => now - r.Value >= _options.Cooldown).ToList())
            {
                _resolvedAt.Remove(fingerprint);
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var candidate in violated)
            {
                var labels = AlertIdentity.Labels(candidate, _serviceName);
                var fingerprint = AlertIdentity.Fingerprint(labels);
                if (!seen.Add(fingerprint))
                {
                    continue;
                }

                if (_firing.TryGetValue(fingerprint, out var entry))
                {
                    entry.Alert = entry.Alert with { Summary = candidate.Summary, Value = candidate.Value };
                }
                else if (_resolvedAt.ContainsKey(fingerprint))
                {
                    AlertLog.InCooldown(_logger, candidate.Name, candidate.Slo);
                }
                else
                {
                    created.Add(Create(candidate, labels, fingerprint, now));
                }
            }

            foreach (var entry in _firing.Values.Where(e => !seen.Contains(e.Fingerprint)).ToList())
            {
                resolved.Add(ResolveLocked(entry, now));
            }

            _journal?.Append([.. created.Concat(resolved).Select(JournalRecord.Of)]);
            _fleet?.Push([.. created.Select(FleetState.MergeAlert), .. resolved.Select(a => FleetState.RemoveAlert(a.Fingerprint))]);
        }

        foreach (var alert in created)
        {
            AlertLog.Fired(_logger, alert.Name, alert.Severity, alert.Slo, alert.Summary, alert.Id);
            Raise(Created, alert, nameof(Created));
        }

        Announce(resolved);
        if (created.Count + resolved.Count > 0)
        {
            _dispatch.Wake();
            _alertmanager?.Loop.Wake();
        }
    }

    /// <summary>Gets the alerts that were firing at some time between <paramref name="from"/> and <paramref name="to"/> (the last 10,000 alerts are kept).</summary>
    public IReadOnlyList<Alert> History(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            return [.. _history
                .Select(e => e.Alert)
                .Where(a => a.StartsAt <= to && (a.EndsAt ?? DateTimeOffset.MaxValue) >= from)
                .OrderBy(a => a.StartsAt)];
        }
    }

    /// <summary>Gets the silences that have not ended, oldest first.</summary>
    public IReadOnlyList<Silence> Silences
    {
        get
        {
            lock (_gate)
            {
                var now = _timeProvider.GetUtcNow();
                return [.. _silences.Values.Where(s => s.EndsAt > now).OrderBy(s => s.StartsAt)];
            }
        }
    }

    /// <summary>Adds a silence from now until <paramref name="endsAt"/>; journaled.</summary>
    /// <exception cref="ArgumentException">No matcher, an empty label name, or an end that is not in the future.</exception>
    public Silence AddSilence(IReadOnlyDictionary<string, string> matchers, DateTimeOffset endsAt, string? comment)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        var now = _timeProvider.GetUtcNow();
        if (matchers.Count == 0 || matchers.Keys.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("A silence needs at least one matcher, each with a label name (for example slo = latency-p99).", nameof(matchers));
        }

        if (endsAt <= now)
        {
            throw new ArgumentException($"A silence must end in the future (endsAt {endsAt:O} is not after now, {now:O}).", nameof(endsAt));
        }

        var silence = new Silence
        {
            Id = AlertIdentity.NewId(),
            Matchers = new Dictionary<string, string>(matchers, StringComparer.Ordinal),
            StartsAt = now,
            EndsAt = endsAt,
            Comment = comment,
        };
        lock (_gate)
        {
            _silences[silence.Id] = silence;
            _journal?.Append([new JournalRecord { Kind = JournalRecord.SilenceKind, Silence = silence }]);
            _fleet?.Push([FleetState.PutSilence(silence)]);
        }

        _dispatch.Wake();
        return silence;
    }

    /// <summary>Ends a silence now; what it muted is sent at the next dispatch. True when a silence with that id had not ended.</summary>
    public bool ExpireSilence(string id)
    {
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            if (!_silences.TryGetValue(id, out var silence) || silence.EndsAt <= now)
            {
                return false;
            }

            var expired = silence with { EndsAt = now };
            _silences[id] = expired;
            _journal?.Append([new JournalRecord { Kind = JournalRecord.SilenceKind, Silence = expired }]);
            _fleet?.Push([FleetState.PutSilence(expired)]);
        }

        _dispatch.Wake();
        return true;
    }

    /// <summary>Acknowledges a firing alert: it climbs no further escalation level. True when a firing alert has that id.</summary>
    public bool Acknowledge(string id)
    {
        Alert acknowledged;
        lock (_gate)
        {
            var entry = FindFiring(id);
            if (entry is null)
            {
                return false;
            }

            if (entry.Alert.AcknowledgedAt is not null)
            {
                return true;
            }

            entry.Alert = entry.Alert with { AcknowledgedAt = _timeProvider.GetUtcNow() };
            acknowledged = entry.Alert;
            _journal?.Append([JournalRecord.Of(acknowledged)]);
            _fleet?.Push([FleetState.MergeAlert(acknowledged)]);
        }

        AlertLog.AlertAcknowledged(_logger, acknowledged.Name, acknowledged.Slo, acknowledged.EscalationLevel, acknowledged.Id);
        Raise(Acknowledged, acknowledged, nameof(Acknowledged));
        return true;
    }

    /// <summary>Resolves a firing alert by hand (it then stays quiet for the cooldown even if still violated). True when a firing alert has that id.</summary>
    public bool Resolve(string id)
    {
        Alert resolved;
        lock (_gate)
        {
            var entry = FindFiring(id);
            if (entry is null)
            {
                return false;
            }

            resolved = ResolveLocked(entry, _timeProvider.GetUtcNow());
            _journal?.Append([JournalRecord.Of(resolved)]);
            _fleet?.Push([FleetState.RemoveAlert(resolved.Fingerprint)]);
        }

        Announce([resolved]);
        _dispatch.Wake();
        _alertmanager?.Loop.Wake();
        return true;
    }

    /// <summary>
    /// Sends a test notification to every configured channel now, bypassing the outbox; true when all accepted it (false
    /// when no channel is configured). Failures are logged by channel name.
    /// </summary>
    public async Task<bool> SendTestNotificationAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var test = new Alert
        {
            Id = AlertIdentity.NewId(),
            Fingerprint = "0000000000000000",
            Name = "cortex-slo-test",
            Slo = "test",
            Severity = AlertSeverity.Info,
            Summary = $"Test notification from {_serviceName}: alert delivery works",
            Labels = new Dictionary<string, string>
            {
                [AlertIdentity.AlertName] = "cortex-slo-test",
                [AlertIdentity.Service] = _serviceName,
                [AlertIdentity.Severity] = AlertIdentity.SeverityName(AlertSeverity.Info),
            },
            StartsAt = now,
        };
        var notification = new AlertNotification(test.Name, _serviceName, [test], IsTest: true);
        var results = await Task.WhenAll(_outboxes.Select(async o => (o.Name, Result: await o.AttemptAsync(notification, cancellationToken))));
        foreach (var (channel, result) in results.Where(r => r.Result.Outcome != DeliveryOutcome.Delivered))
        {
            AlertLog.TestFailed(_logger, channel, result.Reason);
        }

        return results.Length > 0 && results.All(r => r.Result.Outcome == DeliveryOutcome.Delivered);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _journal?.Dispose();
        if (_lease is not null)
        {
            await _lease.DisposeAsync();
        }
    }

    private Alert Create(AlertCandidate candidate, SortedDictionary<string, string> labels, string fingerprint, DateTimeOffset now)
    {
        var entry = new AlertEntry(new Alert
        {
            Id = AlertIdentity.NewId(),
            Fingerprint = fingerprint,
            Name = candidate.Name,
            Slo = candidate.Slo,
            Severity = candidate.Severity,
            State = AlertState.Firing,
            Summary = candidate.Summary,
            Value = candidate.Value,
            Labels = labels.AsReadOnly(),
            StartsAt = now,
        });
        _firing.Add(fingerprint, entry);
        GroupOf(entry.Alert.Labels).Members.Add(entry);
        _history.Enqueue(entry);
        if (_history.Count > HistoryCapacity)
        {
            _history.Dequeue();
        }

        return entry.Alert;
    }

    private Alert ResolveLocked(AlertEntry entry, DateTimeOffset now)
    {
        entry.Alert = entry.Alert with { State = AlertState.Resolved, EndsAt = now };
        _firing.Remove(entry.Fingerprint);
        _resolvedAt[entry.Fingerprint] = now;
        if (_alertmanager is not null)
        {
            _unsentResolves[entry.Alert.Id] = (entry.Alert, new bool[_options.Alertmanager.Urls.Count]);
            _journal?.Append([UnsentResolveRecord(entry.Alert, _unsentResolves[entry.Alert.Id].Taken)]);
        }

        return entry.Alert;
    }

    /// <summary>What Alertmanager is told: the firing alerts, and the resolved ones some instance has not taken (up to MaxAge).</summary>
    private (IReadOnlyList<Alert> Firing, IReadOnlyList<Alert> Resolved) AlertmanagerState()
    {
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            foreach (var id in _unsentResolves.Where(u => now - u.Value.Alert.EndsAt >= _options.Delivery.MaxAge).Select(u => u.Key).ToList())
            {
                _unsentResolves.Remove(id);
            }

            return ([.. _firing.Values.Select(e => e.Alert).OrderBy(a => a.StartsAt)], [.. _unsentResolves.Values.Select(u => u.Alert)]);
        }
    }

    private void ResolvedTaken(int instance, IReadOnlyList<Alert> resolved)
    {
        lock (_gate)
        {
            foreach (var alert in resolved)
            {
                if (_unsentResolves.TryGetValue(alert.Id, out var unsent) && !unsent.Taken[instance])
                {
                    unsent.Taken[instance] = true;
                    _journal?.Append([UnsentResolveRecord(unsent.Alert, unsent.Taken)]);
                    if (unsent.Taken.All(t => t))
                    {
                        _unsentResolves.Remove(alert.Id);
                    }
                }
            }
        }
    }

    /// <summary>The group of alerts with these labels' values of <see cref="AlertingOptions.GroupBy"/>, made when new.</summary>
    private AlertGroup GroupOf(IReadOnlyDictionary<string, string> labels)
    {
        var values = _options.GroupBy.Select(l => labels.TryGetValue(l, out var value) ? value : string.Empty).ToArray();
        var key = string.Join('\u001f', values);
        if (!_groups.TryGetValue(key, out var group))
        {
            group = new AlertGroup(key, values.Length == 0 ? "all alerts" : string.Join(" / ", values), GroupLabelsOf(labels));
            _groups.Add(key, group);
        }

        return group;
    }

    private SortedDictionary<string, string> GroupLabelsOf(IReadOnlyDictionary<string, string> labels) =>
        new(_options.GroupBy.ToDictionary(l => l, l => labels.TryGetValue(l, out var value) ? value : string.Empty, StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>
    /// The firing alerts an inhibit rule mutes now: a target of a rule while another firing alert is its source with the
    /// same values of the rule's equal labels.
    /// </summary>
    private HashSet<string> Inhibited()
    {
        var muted = new HashSet<string>(StringComparer.Ordinal);
        var firing = _firing.Values.Select(e => e.Alert).ToList();
        foreach (var rule in _options.InhibitRules)
        {
            var sources = firing.Where(a => AlertIdentity.Matches(rule.SourceMatchers, a.Labels)).ToList();
            if (sources.Count == 0)
            {
                continue;
            }

            foreach (var target in firing.Where(a => AlertIdentity.Matches(rule.TargetMatchers, a.Labels)))
            {
                if (sources.Any(source => source.Id != target.Id && rule.Equal.All(l => Label(source, l) == Label(target, l))))
                {
                    muted.Add(target.Id);
                }
            }
        }

        return muted;

        static string? Label(Alert alert, string name) => alert.Labels.TryGetValue(name, out var value) ? value : null;
    }

    private AlertEntry? FindFiring(string id) => _firing.Values.FirstOrDefault(e => e.Alert.Id == id);

    private void Announce(List<Alert> resolved)
    {
        foreach (var alert in resolved)
        {
            AlertLog.AlertResolved(_logger, alert.Name, alert.Severity, alert.Slo, alert.EndsAt!.Value - alert.StartsAt, alert.Id);
            Raise(Resolved, alert, nameof(Resolved));
        }
    }

    private void Raise(Action<Alert>? handlers, Alert alert, string name)
    {
        foreach (var handler in handlers?.GetInvocationList().Cast<Action<Alert>>() ?? [])
        {
            try
            {
                handler(alert);
            }
#pragma warning disable CA1031 // A subscriber's bug must not stop the evaluation or lose the alert.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                AlertLog.HandlerFailed(_logger, name, ex);
            }
        }
    }

    /// <summary>A notification left <paramref name="channel"/>'s outbox: journaled, and kept for inspection when given up.</summary>
    private void Left(string channel, AlertNotification notification, UndeliveredNotification? kept, string? account)
    {
        var left = new JournalRecord { Kind = JournalRecord.LeftKind, Channel = channel, Key = notification.Key };
        _fleet?.Push([FleetState.RemoveQueued(notification.Key)]);
        _journal?.Append(kept is null ? [left] : [new JournalRecord { Kind = JournalRecord.UndeliveredKind, Undelivered = kept }, left]);
        if (kept is not null)
        {
            RecordFailure(kept, account!);
        }
    }

    private void RecordFailure(UndeliveredNotification kept, string account)
    {
        lock (_failuresGate)
        {
            _failures.Enqueue((kept, account));
            if (_failures.Count > FailureCapacity)
            {
                _failures.Dequeue();
            }
        }
    }
}
