using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Cortex.Slo.Alerting;

/// <summary>
/// Posts the manager's alerts to Alertmanager's API v2 (<c>POST /api/v2/alerts</c>) as Prometheus does: every firing
/// alert with its labels, annotations, <c>startsAt</c>, <c>generatorURL</c> and an <c>endsAt</c> four resend intervals
/// ahead, on every change and again every <see cref="AlertmanagerChannelOptions.ResendInterval"/>; every resolved alert
/// once more with its real <c>endsAt</c>, until an instance took it. Each instance is posted to on its own; one that
/// fails is retried with the outbox's backoff. The URLs never reach a log.
/// </summary>
internal sealed class AlertmanagerChannel
{
    /// <summary>The API path alerts are posted to.</summary>
    public const string AlertsPath = "api/v2/alerts";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly AlertmanagerChannelOptions _options;
    private readonly DeliveryOptions _delivery;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly AlertMetrics _metrics;
    private readonly Func<(IReadOnlyList<Alert> Firing, IReadOnlyList<Alert> Resolved)> _state;
    private readonly Action<int, IReadOnlyList<Alert>> _resolvedTaken;
    private readonly int[] _failures;

    /// <param name="options">The instances and the resend interval.</param>
    /// <param name="delivery">The backoff and timeout of an attempt.</param>
    /// <param name="httpClientFactory">Creates the clients.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The log.</param>
    /// <param name="metrics">Counts the posts.</param>
    /// <param name="state">Gets the firing alerts and the resolved ones some instance has not taken yet.</param>
    /// <param name="resolvedTaken">Told which resolved alerts instance <c>i</c> took.</param>
    public AlertmanagerChannel(
        AlertmanagerChannelOptions options,
        DeliveryOptions delivery,
        IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider,
        ILogger logger,
        AlertMetrics metrics,
        Func<(IReadOnlyList<Alert> Firing, IReadOnlyList<Alert> Resolved)> state,
        Action<int, IReadOnlyList<Alert>> resolvedTaken)
    {
        _options = options;
        _delivery = delivery;
        _httpClientFactory = httpClientFactory;
        _timeProvider = timeProvider;
        _logger = logger;
        _metrics = metrics;
        _state = state;
        _resolvedTaken = resolvedTaken;
        _failures = new int[options.Urls.Count];
        Loop = new DueLoop(timeProvider, StepAsync, ex => AlertLog.LoopFailed(logger, AlertChannels.Alertmanager + " channel", ex));
    }

    public DueLoop Loop { get; }

    /// <summary>Gets the JSON body of one post: the alerts as Alertmanager's <c>postableAlerts</c>.</summary>
    internal byte[] Body(IEnumerable<Alert> firing, IEnumerable<Alert> resolved, DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            var until = now + (4 * _options.ResendInterval);
            foreach (var alert in firing)
            {
                Write(json, alert, until);
            }

            foreach (var alert in resolved)
            {
                Write(json, alert, alert.EndsAt ?? now);
            }

            json.WriteEndArray();
        }

        return buffer.ToArray();
    }

    private async Task<DateTimeOffset?> StepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (firing, resolved) = _state();
        if (firing.Count + resolved.Count == 0)
        {
            // Nothing fires and every resolution was taken: nothing to say until the manager wakes the loop.
            return null;
        }

        var body = Body(firing, resolved, now);
        var next = now + _options.ResendInterval;
        for (var i = 0; i < _options.Urls.Count; i++)
        {
            var result = await PostAsync(_options.Urls[i], body, cancellationToken);
            var at = _timeProvider.GetUtcNow();
            switch (result.Outcome)
            {
                case DeliveryOutcome.Delivered:
                    _failures[i] = 0;
                    _resolvedTaken(i, resolved);
                    _metrics.Count(AlertChannels.Alertmanager, AlertMetrics.Delivered);
                    break;
                case DeliveryOutcome.Rejected:
                    // Alertmanager refuses a body it cannot read: retrying the same cannot help; the next change or resend tries again.
                    AlertLog.GaveUp(_logger, $"{at:O} {AlertChannels.Alertmanager} instance {i + 1}: refused {firing.Count} firing and {resolved.Count} resolved alerts: {result.Reason}");
                    _metrics.Count(AlertChannels.Alertmanager, AlertMetrics.Refused);
                    break;
                default:
                    _failures[i]++;
                    var delay = result.RetryAfter ?? ChannelOutbox.Backoff(_delivery, _failures[i], _delivery.MaxBackoff < _options.ResendInterval ? _delivery.MaxBackoff : _options.ResendInterval);
                    AlertLog.WillRetry(_logger, $"{AlertChannels.Alertmanager} instance {i + 1}", result.Reason, delay, firing.Count + resolved.Count);
                    next = at + delay < next ? at + delay : next;
                    break;
            }
        }

        return next;
    }

    private async Task<DeliveryResult> PostAsync(Uri instance, byte[] body, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_delivery.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        try
        {
            using var client = _httpClientFactory.CreateClient(AlertHttpClient.Name);
            using var response = await client.PostAsync(new Uri(Directory(instance), AlertsPath), content, linked.Token);
            return JsonChannel.Classify(response, _timeProvider);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Retry($"no answer within {_delivery.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            return DeliveryResult.Retry($"request failed ({ex.HttpRequestError})");
        }
    }

    // "http://am:9093" and "http://am:9093/prefix" both take the API under them.
    private static Uri Directory(Uri instance) => instance.AbsoluteUri.EndsWith('/') ? instance : new Uri(instance.AbsoluteUri + "/");

    private void Write(Utf8JsonWriter json, Alert alert, DateTimeOffset endsAt)
    {
        json.WriteStartObject();
        json.WriteStartObject("labels");
        foreach (var (name, value) in alert.Labels)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        json.WriteStartObject("annotations");
        json.WriteString("summary", alert.Summary);
        json.WriteString("value", alert.Value.ToString("G", CultureInfo.InvariantCulture));
        json.WriteEndObject();
        json.WriteString("startsAt", alert.StartsAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        json.WriteString("endsAt", endsAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        if (_options.GeneratorUrl is { } generator)
        {
            json.WriteString("generatorURL", generator.AbsoluteUri);
        }

        json.WriteEndObject();
    }
}
