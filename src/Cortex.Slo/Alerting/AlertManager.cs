using Microsoft.Extensions.Logging;

namespace Cortex.Slo.Alerting;

/// <summary>
/// STUB (to be implemented): Alertmanager-style handling of the evaluation's candidates: fingerprint and dedupe,
/// cooldown, inhibition (critical inhibits warning of the same SLO), grouping (groupWait, groupInterval,
/// repeatInterval), escalation levels stopped by acknowledgement, resolved notifications, and delivery through a
/// retrying outbox to webhook, Slack and email. Runs its own dispatch loop on the TimeProvider between Start and Stop.
/// </summary>
#pragma warning disable CS0067 // STUB: raised once implemented.
internal sealed class AlertManager : IAsyncDisposable
{
    public AlertManager(AlertingOptions options, string serviceName, IHttpClientFactory httpClientFactory, TimeProvider timeProvider, ILogger logger)
    {
        _ = (options, serviceName, httpClientFactory, timeProvider, logger);
    }

    public event Action<Alert>? Created;

    public event Action<Alert>? Acknowledged;

    public event Action<Alert>? Resolved;

    public IReadOnlyList<Alert> Active => throw new NotImplementedException();

    /// <summary>Deliveries given up (4xx other than 429, or older than MaxAge), newest last; never contains a URL or password.</summary>
    public IReadOnlyList<string> DeliveryFailures => throw new NotImplementedException();

    public void Start() => throw new NotImplementedException();

    public Task StopAsync() => throw new NotImplementedException();

    /// <summary>Takes the conditions violated now; any firing alert whose fingerprint is absent resolves.</summary>
    public void Evaluate(IReadOnlyCollection<AlertCandidate> violated, DateTimeOffset now) => throw new NotImplementedException();

    public IReadOnlyList<Alert> History(DateTimeOffset from, DateTimeOffset to) => throw new NotImplementedException();

    public bool Acknowledge(string id) => throw new NotImplementedException();

    public bool Resolve(string id) => throw new NotImplementedException();

    /// <summary>Sends a test notification to every configured channel now, bypassing the outbox; true when all accepted it.</summary>
    public Task<bool> SendTestNotificationAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
