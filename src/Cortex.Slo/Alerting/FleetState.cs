using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Cortex.Slo.Alerting;

/// <summary>
/// The alert state a fleet shares in Redis (embedded fleet mode), so that what one replica knows every replica knows and
/// a new notifier carries on where the last one stopped. Keys, under <see cref="AlertFleetOptions.KeyPrefix"/>:
/// <list type="bullet">
/// <item><c>{prefix}:alerts:started</c>, <c>:alerts:acked</c>, <c>:alerts:level</c>: hashes from an alert's fingerprint (the
/// same on every replica) to its earliest start and acknowledgement (Unix ms) and highest escalation level, merged by a
/// script (min, min, max), so an acknowledgement taken on any replica applies fleet-wide; <c>:alerts:seen</c> says when a
/// replica last said it fires (every replica says so every third of the lease): an entry not refreshed for two lease
/// times is of an earlier incident and is ignored, then reset. Removed when an alert resolves.</item>
/// <item><c>{prefix}:silences</c>: silence id to the silence (its matchers, times and comment).</item>
/// <item><c>{prefix}:sent</c>: group and channel name to what the notifier told that channel of that group (fingerprint
/// to level, and when), so a new notifier neither repeats what was delivered nor starts escalation again.</item>
/// <item><c>{prefix}:outbox</c>: idempotency key to each notification queued and not yet delivered, written before it is
/// attempted, so a new notifier sends what the last one left, with the same key.</item>
/// </list>
/// Values hold channel names, labels and texts, never a webhook URL or a password. Writes go in order through one loop;
/// while Redis cannot be reached they wait (notifications are queued locally at once: Redis never holds one back) and are
/// written when it is back, after this replica's whole state is written again (Redis may have lost it). The loop also
/// reads the shared acknowledgements and silences every third of the lease.
/// </summary>
internal sealed partial class FleetState
{
    private const int MostWrites = 10_000;
    private static readonly TimeSpan SilenceKeptAfterEnd = TimeSpan.FromHours(1);

    // Merges one alert: the earliest start, the earliest acknowledgement (ARGV[3] empty when none), the highest level, and
    // when a replica last said it fires (ARGV[5]); an entry no replica refreshed since ARGV[6] is of an older incident: reset.
    private const string MergeScript = """
        local seen = redis.call('hget', KEYS[4], ARGV[1])
        if seen and tonumber(seen) < tonumber(ARGV[6]) then
          for i = 1, 3 do redis.call('hdel', KEYS[i], ARGV[1]) end
        end
        local s = redis.call('hget', KEYS[1], ARGV[1])
        if not s or tonumber(ARGV[2]) < tonumber(s) then redis.call('hset', KEYS[1], ARGV[1], ARGV[2]) end
        if ARGV[3] ~= '' then
          local a = redis.call('hget', KEYS[2], ARGV[1])
          if not a or tonumber(ARGV[3]) < tonumber(a) then redis.call('hset', KEYS[2], ARGV[1], ARGV[3]) end
        end
        local l = redis.call('hget', KEYS[3], ARGV[1])
        if not l or tonumber(ARGV[4]) > tonumber(l) then redis.call('hset', KEYS[3], ARGV[1], ARGV[4]) end
        if not seen or tonumber(ARGV[5]) > tonumber(seen) then redis.call('hset', KEYS[4], ARGV[1], ARGV[5]) end
        return 1
        """;

    private const string RemoveScript = "for i = 1, #KEYS do redis.call('hdel', KEYS[i], ARGV[1]) end return 1";

    private readonly Func<IDatabase> _database;
    private readonly RedisKey _started;
    private readonly RedisKey _acked;
    private readonly RedisKey _level;
    private readonly RedisKey _seen;
    private readonly RedisKey _silences;
    private readonly RedisKey _sent;
    private readonly RedisKey _outbox;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _staleAfter;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IFleetMember _member;
    private readonly Lock _gate = new();
    private readonly List<Write> _writes = [];
    private volatile bool _republish = true;
    private bool _reachable = true;
    private volatile bool _takingOver;

    public FleetState(string prefix, TimeSpan interval, TimeSpan staleAfter, Func<IDatabase> database, TimeProvider timeProvider, ILogger logger, IFleetMember member)
    {
        _database = database;
        _started = prefix + ":alerts:started";
        _acked = prefix + ":alerts:acked";
        _level = prefix + ":alerts:level";
        _seen = prefix + ":alerts:seen";
        _silences = prefix + ":silences";
        _sent = prefix + ":sent";
        _outbox = prefix + ":outbox";
        _interval = interval;
        _staleAfter = staleAfter;
        _timeProvider = timeProvider;
        _logger = logger;
        _member = member;
        Loop = new DueLoop(timeProvider, StepAsync, ex => AlertLog.LoopFailed(logger, "fleet state", ex));
    }

    public DueLoop Loop { get; }

    /// <summary>Gets whether this replica became the notifier and has not read the fleet's delivery progress yet: it must not deliver until it has.</summary>
    public bool IsTakingOver => _takingOver;

    /// <summary>This replica is about to become the notifier: read the delivery progress before delivering anything.</summary>
    public void TakeOver()
    {
        _takingOver = true;
        Loop.Wake();
    }

    /// <summary>Queues writes, in order; <paramref name="then"/> runs once they are written, or at once when Redis cannot be reached.</summary>
    public void Push(IEnumerable<Write> writes, Action? then = null)
    {
        lock (_gate)
        {
            _writes.AddRange(writes);
            if (_writes.Count > MostWrites)
            {
                // A long outage: the oldest changes go, the whole state is written again when Redis is back.
                var excess = _writes.Count - MostWrites;
                _writes.RemoveAll(w => w is not Then && excess-- > 0);
                _republish = true;
            }

            if (then is not null)
            {
                _writes.Add(new Then(then));
            }
        }

        Loop.Wake();
    }

    public static Write MergeAlert(Alert alert) => new MergeAlertWrite(alert.Fingerprint, alert.StartsAt, alert.AcknowledgedAt, alert.EscalationLevel);

    public static Write RemoveAlert(string fingerprint) => new RemoveAlertWrite(fingerprint);

    public static Write PutSilence(Silence silence) => new PutSilenceWrite(silence);

    public static Write PutSent(string group, string channel, Dictionary<string, int> sent, DateTimeOffset? at) => new PutSentWrite(group, channel, sent, at);

    public static Write PutQueued(string channel, QueuedNotification notification) => new PutQueuedWrite(channel, notification);

    public static Write RemoveQueued(string key) => new RemoveQueuedWrite(key);

    private async Task<DateTimeOffset?> StepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var database = _database();

            // This replica's state first (all of it after Redis was out of reach, as Redis may have lost it), then the
            // changes since, oldest first: the last write of anything is its newest state.
            foreach (var write in _member.FleetWrites(full: _republish))
            {
                await ApplyAsync(database, write, now).ConfigureAwait(false);
            }

            _republish = false;
            await WriteAsync(database, now).ConfigureAwait(false);
            await ReadAsync(database, now).ConfigureAwait(false);
            if (!_reachable)
            {
                _reachable = true;
                Reachable(_logger);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            if (_reachable)
            {
                _reachable = false;
                Unreachable(_logger, ex.GetType().Name);
            }

            // Redis may come back empty: this replica's state is written again then.
            _republish = true;
            RunThens();
            if (_takingOver)
            {
                _takingOver = false;
                _member.TookOver([], []);
            }
        }

        return now + _interval;
    }

    private async Task WriteAsync(IDatabase database, DateTimeOffset now)
    {
        while (true)
        {
            Write write;
            lock (_gate)
            {
                if (_writes.Count == 0)
                {
                    return;
                }

                write = _writes[0];
            }

            await ApplyAsync(database, write, now).ConfigureAwait(false);
            lock (_gate)
            {
                _writes.RemoveAt(0);
            }
        }
    }

    /// <summary>Runs (and drops) the actions waiting behind writes that cannot be made now; the writes stay queued.</summary>
    private void RunThens()
    {
        List<Then> thens;
        lock (_gate)
        {
            thens = [.. _writes.OfType<Then>()];
            _writes.RemoveAll(w => w is Then);
        }

        foreach (var then in thens)
        {
            then.Action();
        }
    }

    private async Task ApplyAsync(IDatabase database, Write write, DateTimeOffset now)
    {
        switch (write)
        {
            case MergeAlertWrite merge:
                await database.ScriptEvaluateAsync(
                    MergeScript,
                    [_started, _acked, _level, _seen],
                    [
                        merge.Fingerprint,
                        merge.StartsAt.ToUnixTimeMilliseconds(),
                        merge.AcknowledgedAt?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                        merge.Level,
                        now.ToUnixTimeMilliseconds(),
                        (now - _staleAfter).ToUnixTimeMilliseconds(),
                    ]).ConfigureAwait(false);
                break;
            case RemoveAlertWrite remove:
                await database.ScriptEvaluateAsync(RemoveScript, [_started, _acked, _level, _seen], [remove.Fingerprint]).ConfigureAwait(false);
                break;
            case PutSilenceWrite silence:
                await database.HashSetAsync(_silences, silence.Silence.Id, Encode(new JournalRecord { Kind = JournalRecord.SilenceKind, Silence = silence.Silence })).ConfigureAwait(false);
                break;
            case PutSentWrite sent:
                await database.HashSetAsync(_sent, SentField(sent.Group, sent.Channel), Encode(new JournalRecord
                {
                    Kind = JournalRecord.SentKind,
                    Group = sent.Group,
                    Channel = sent.Channel,
                    Sent = sent.Sent,
                    At = sent.At,
                })).ConfigureAwait(false);
                break;
            case PutQueuedWrite queued:
                await database.HashSetAsync(_outbox, queued.Notification.Key, Encode(new JournalRecord { Kind = JournalRecord.QueuedKind, Channel = queued.Channel, Notification = queued.Notification })).ConfigureAwait(false);
                break;
            case RemoveQueuedWrite left:
                await database.HashDeleteAsync(_outbox, left.Key).ConfigureAwait(false);
                break;
            case Then then:
                then.Action();
                break;
        }
    }

    private async Task ReadAsync(IDatabase database, DateTimeOffset now)
    {
        var started = await database.HashGetAllAsync(_started).ConfigureAwait(false);
        var acked = await database.HashGetAllAsync(_acked).ConfigureAwait(false);
        var levels = await database.HashGetAllAsync(_level).ConfigureAwait(false);
        var seen = await database.HashGetAllAsync(_seen).ConfigureAwait(false);
        var silenceEntries = await database.HashGetAllAsync(_silences).ConfigureAwait(false);
        var alerts = new Dictionary<string, SharedAlert>(StringComparer.Ordinal);
        var live = seen.Where(e => (long)e.Value >= (now - _staleAfter).ToUnixTimeMilliseconds()).Select(e => (string)e.Name!).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in started.Where(e => live.Contains(e.Name!)))
        {
            alerts[entry.Name!] = new SharedAlert(DateTimeOffset.FromUnixTimeMilliseconds((long)entry.Value), null, 0);
        }

        foreach (var entry in acked.Where(e => alerts.ContainsKey(e.Name!)))
        {
            alerts[entry.Name!] = alerts[entry.Name!] with { AcknowledgedAt = DateTimeOffset.FromUnixTimeMilliseconds((long)entry.Value) };
        }

        foreach (var entry in levels.Where(e => alerts.ContainsKey(e.Name!)))
        {
            alerts[entry.Name!] = alerts[entry.Name!] with { Level = (int)entry.Value };
        }

        List<Silence> silences = [];
        foreach (var entry in silenceEntries)
        {
            if (Decode(entry.Value)?.Silence is not { } silence)
            {
                continue;
            }

            if (now - silence.EndsAt > SilenceKeptAfterEnd)
            {
                await database.HashDeleteAsync(_silences, entry.Name).ConfigureAwait(false);
            }
            else
            {
                silences.Add(silence);
            }
        }

        _member.Merge(alerts, silences);
        if (_takingOver)
        {
            var sent = (await database.HashGetAllAsync(_sent).ConfigureAwait(false)).Select(e => Decode(e.Value)).OfType<JournalRecord>().ToList();
            var outbox = (await database.HashGetAllAsync(_outbox).ConfigureAwait(false)).Select(e => Decode(e.Value)).OfType<JournalRecord>().ToList();
            _takingOver = false;
            _member.TookOver(sent, outbox);
        }
    }

    private static string SentField(string group, string channel) => group + "\u001e" + channel;

    private static byte[] Encode(JournalRecord record) => JsonSerializer.SerializeToUtf8Bytes(record, JournalJsonContext.Default.JournalRecord);

    private JournalRecord? Decode(RedisValue value)
    {
        try
        {
            return JsonSerializer.Deserialize((byte[])value!, JournalJsonContext.Default.JournalRecord);
        }
        catch (JsonException ex)
        {
            Unreadable(_logger, ex.Message);
            return null;
        }
    }

    [LoggerMessage(541, LogLevel.Warning, "Redis holding the fleet's alert state cannot be reached ({Error}); this replica keeps its state locally and writes it when Redis is back")]
    private static partial void Unreachable(ILogger logger, string error);

    [LoggerMessage(542, LogLevel.Information, "Redis holding the fleet's alert state is reachable again; this replica's state was written to it")]
    private static partial void Reachable(ILogger logger);

    [LoggerMessage(543, LogLevel.Warning, "Skipped a fleet alert state entry in Redis that cannot be read ({Reason})")]
    private static partial void Unreadable(ILogger logger, string reason);

    /// <summary>One change of the shared state.</summary>
    internal abstract record Write;

    private sealed record MergeAlertWrite(string Fingerprint, DateTimeOffset StartsAt, DateTimeOffset? AcknowledgedAt, int Level) : Write;

    private sealed record RemoveAlertWrite(string Fingerprint) : Write;

    private sealed record PutSilenceWrite(Silence Silence) : Write;

    private sealed record PutSentWrite(string Group, string Channel, Dictionary<string, int> Sent, DateTimeOffset? At) : Write;

    private sealed record PutQueuedWrite(string Channel, QueuedNotification Notification) : Write;

    private sealed record RemoveQueuedWrite(string Key) : Write;

    private sealed record Then(Action Action) : Write;
}

/// <summary>An alert as the fleet knows it: its earliest start and acknowledgement, and the highest level it was sent at.</summary>
internal sealed record SharedAlert(DateTimeOffset StartsAt, DateTimeOffset? AcknowledgedAt, int Level);

/// <summary>The replica's side of <see cref="FleetState"/>.</summary>
internal interface IFleetMember
{
    /// <summary>Gets the writes of this replica's state: every firing alert, and with <paramref name="full"/> its silences, what it told each channel (as notifier) and its queued notifications.</summary>
    List<FleetState.Write> FleetWrites(bool full);

    /// <summary>Takes the fleet's acknowledgements, starts, levels and silences.</summary>
    void Merge(IReadOnlyDictionary<string, SharedAlert> alerts, IReadOnlyList<Silence> silences);

    /// <summary>Takes what the fleet told each channel and the notifications still queued (both empty when Redis cannot be reached); delivery may start.</summary>
    void TookOver(IReadOnlyList<JournalRecord> sent, IReadOnlyList<JournalRecord> outbox);
}
