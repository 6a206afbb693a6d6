using Cortex.Slo.Alerting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Slo.Tests.Support;

/// <summary>
/// An <see cref="AlertManager"/> for service <c>checkout</c>, started, on a fake clock, posting through the real
/// <see cref="IHttpClientFactory"/> registration to loopback receivers it owns, with every log line of every category recorded.
/// </summary>
internal sealed class AlertingHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The host of Slack's incoming webhooks: the harness's HTTP client connects it to 127.0.0.1.</summary>
    public const string SlackHost = "hooks.slack.com";

    private ServiceProvider? _services;
    private HttpReceiver? _webhook;
    private HttpReceiver? _slack;
    private AlertManager? _manager;

    private AlertingHarness(bool ticking, DateTimeOffset start)
    {
        // A ticking clock moves on at every read, as the system clock does; a still one moves only when the test advances it.
        Clock = new FakeTimeProvider(start) { AutoAdvanceAmount = ticking ? TimeSpan.FromTicks(1) : TimeSpan.Zero };
    }

    public FakeTimeProvider Clock { get; }

    public LogRecorder Logs { get; } = new();

    public AlertingOptions Options { get; } = new();

    public AlertManager Manager => _manager ?? throw new InvalidOperationException("Not started.");

    public HttpReceiver Webhook => _webhook ?? throw new InvalidOperationException("No webhook receiver: pass AlertChannels.Webhook.");

    public HttpReceiver Slack => _slack ?? throw new InvalidOperationException("No Slack receiver: pass AlertChannels.Slack.");

    /// <summary>Gets the fake time elapsed since the start.</summary>
    public TimeSpan Elapsed => Clock.GetUtcNow() - Epoch;

    /// <summary>
    /// Starts receivers for the webhook and Slack channels named, and a manager that sends to them at one level, at once,
    /// with GroupWait = 0; <paramref name="configure"/> runs last and may change any of that.
    /// </summary>
    public static Task<AlertingHarness> StartAsync(Action<AlertingOptions>? configure, params string[] channels) =>
        StartAsync(configure, ticking: false, channels);

    /// <summary>Starts as the other overload does; with <paramref name="ticking"/>, on a clock that moves at every read as a real one does.</summary>
    public static Task<AlertingHarness> StartAsync(Action<AlertingOptions>? configure, bool ticking, params string[] channels) =>
        StartAsync(new AlertingHarness(ticking, Epoch), configure, channels);

    /// <summary>Starts with the fake clock at the real time now, for outside programs (Alertmanager) that judge the times sent by their own clock.</summary>
    public static Task<AlertingHarness> StartNowAsync(Action<AlertingOptions>? configure) =>
        StartAsync(new AlertingHarness(ticking: false, TimeProvider.System.GetUtcNow()), configure);

    private static async Task<AlertingHarness> StartAsync(AlertingHarness harness, Action<AlertingOptions>? configure, params string[] channels)
    {
        if (channels.Contains(AlertChannels.Webhook))
        {
            harness._webhook = await HttpReceiver.StartAsync(harness.Clock);
            harness.Options.Webhook.Url = harness._webhook.Url;
        }

        if (channels.Contains(AlertChannels.Slack))
        {
            harness._slack = await HttpReceiver.StartAsync(harness.Clock);
            harness.Options.Slack.WebhookUrl = harness._slack.Url;
        }

        harness.Options.GroupWait = TimeSpan.Zero;
        Levels(harness.Options, (TimeSpan.Zero, channels));
        configure?.Invoke(harness.Options);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(harness.Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddAlertHttpClient().ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectCallback = LoopbackSlackAsync });
        harness._services = services.BuildServiceProvider();
        harness._manager = harness.NewManager();
        harness._manager.Start();
        return harness;
    }

    /// <summary>Stops the manager and starts a new one with the same options, clock and receivers, as a restarted process would.</summary>
    public async Task RestartAsync()
    {
        await Manager.DisposeAsync();
        _manager = null;
        _manager = NewManager();
        _manager.Start();
    }

    /// <summary>Replaces the escalation levels: level i+1 after the given delay, to the given channels.</summary>
    public static void Levels(AlertingOptions options, params (TimeSpan Delay, string[] Channels)[] levels)
    {
        options.Escalation.Clear();
        for (var i = 0; i < levels.Length; i++)
        {
            var level = new EscalationLevel { Level = i + 1, Delay = levels[i].Delay };
            foreach (var channel in levels[i].Channels)
            {
                level.Channels.Add(channel);
            }

            options.Escalation.Add(level);
        }
    }

    public static AlertCandidate Candidate(string name, string operation = "search", AlertSeverity severity = AlertSeverity.Critical, string slo = "latency") =>
        new(name, slo, severity, $"{name}: p99 of {operation} is 812 ms, above 500 ms", 812, new Dictionary<string, string> { ["operation"] = operation });

    /// <summary>Evaluates now with the given candidates (every alert not among them resolves), then lets the loops run.</summary>
    public async Task EvaluateAsync(params AlertCandidate[] violated)
    {
        Manager.Evaluate(violated, Clock.GetUtcNow());
        await SettleAsync();
    }

    /// <summary>
    /// Evaluates a growing list: candidate i joins <paramref name="spacing"/> after the one before, the earlier ones still
    /// violated; the clock moves in steps of <paramref name="step"/> (the whole spacing by default).
    /// </summary>
    public async Task EvaluateOneByOneAsync(IEnumerable<AlertCandidate> candidates, TimeSpan spacing, TimeSpan? step = null)
    {
        List<AlertCandidate> violated = [];
        foreach (var candidate in candidates)
        {
            violated.Add(candidate);
            await EvaluateAsync([.. violated]);
            await AdvanceToAsync(Elapsed + spacing, step ?? spacing);
        }
    }

    /// <summary>Waits until the dispatch loop and every outbox sleep with nothing due.</summary>
    public Task SettleAsync() => Poll.UntilAsync(() => Manager.IsIdle, "the alert loops to go idle");

    /// <summary>Moves the fake clock on once the loops are idle, then lets them run what became due.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        await SettleAsync();
        Clock.Advance(by);
        await SettleAsync();
    }

    /// <summary>Advances in steps until <paramref name="until"/> has elapsed since the start.</summary>
    public async Task AdvanceToAsync(TimeSpan until, TimeSpan step)
    {
        while (Elapsed < until)
        {
            await AdvanceAsync(until - Elapsed < step ? until - Elapsed : step);
        }
    }

    private AlertManager NewManager() => new(
        Options,
        "checkout",
        _services!.GetRequiredService<IHttpClientFactory>(),
        Clock,
        Logs.CreateLogger("Cortex.Slo.Alerting"));

    // Connects hooks.slack.com to 127.0.0.1 (and every other host as DNS says), so a Slack URL reaches a loopback receiver.
    private static async ValueTask<Stream> LoopbackSlackAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        try
        {
            var endPoint = context.DnsEndPoint.Host == SlackHost
                ? new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, context.DnsEndPoint.Port)
                : (System.Net.EndPoint)context.DnsEndPoint;
            await socket.ConnectAsync(endPoint, cancellationToken);
            return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_manager is not null)
        {
            await _manager.DisposeAsync();
        }

        foreach (var receiver in new[] { _webhook, _slack }.OfType<HttpReceiver>())
        {
            await receiver.DisposeAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }
}
