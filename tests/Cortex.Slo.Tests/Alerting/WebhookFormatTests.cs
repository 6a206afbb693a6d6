using System.Diagnostics.Metrics;
using Cortex.Slo.Alerting;
using Cortex.Slo.DependencyInjection;
using Cortex.Slo.Tests.Support;
using Cortex.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static Cortex.Slo.Tests.Support.AlertingHarness;

namespace Cortex.Slo.Tests.Alerting;

/// <summary>What the webhook channel posts to a Slack URL, the idempotency key, and what becomes of a refused notification.</summary>
public sealed class WebhookFormatTests
{
    [Fact]
    public async Task Webhook_SlackIncomingWebhookUrl_IsSentSlacksMessageWithTheIdempotencyKey()
    {
        await using var alerting = await StartAsync(o => o.Webhook.Url = SlackUrl(o), AlertChannels.Webhook);

        await alerting.EvaluateAsync(Candidate("error-rate"));

        var request = Assert.Single(alerting.Webhook.Requests);
        Assert.Equal(200, request.Status);
        var json = request.Json;
        Assert.StartsWith("[CRITICAL] checkout: error-rate", json.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(json.TryGetProperty("blocks", out _));
        Assert.False(json.TryGetProperty("version", out _));
        Assert.Matches("^[0-9a-f]{32}$", request.IdempotencyKey);

        // The key is in the body too, as in the webhook JSON, and in the message's last block for whoever reads it.
        Assert.Equal(request.IdempotencyKey, json.GetProperty("idempotencyKey").GetString());
        var context = json.GetProperty("blocks").EnumerateArray().Last();
        Assert.Equal("context", context.GetProperty("type").GetString());
        Assert.Contains(request.IdempotencyKey, context.GetProperty("elements")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WebhookFormat.Slack, false, true)]
    [InlineData(WebhookFormat.Alertmanager, true, false)]
    [InlineData(WebhookFormat.Auto, false, false)]
    public async Task Webhook_FormatSaidExplicitly_WinsOverTheUrl(WebhookFormat format, bool slackUrl, bool slackBody)
    {
        await using var alerting = await StartAsync(
            o =>
            {
                o.Webhook.Format = format;
                o.Webhook.Url = slackUrl ? SlackUrl(o) : o.Webhook.Url;
            },
            AlertChannels.Webhook);

        await alerting.EvaluateAsync(Candidate("error-rate"));

        var json = Assert.Single(alerting.Webhook.Accepted).Json;
        Assert.Equal(slackBody, json.TryGetProperty("blocks", out _));
        Assert.Equal(!slackBody, json.TryGetProperty("version", out _));
        Assert.Equal(Assert.Single(alerting.Webhook.Accepted).IdempotencyKey, json.GetProperty("idempotencyKey").GetString());
    }

    [Fact]
    public async Task Webhook_RetriedAfter503_KeepsItsIdempotencyKey()
    {
        await using var alerting = await StartAsync(o => o.Delivery.InitialBackoff = TimeSpan.FromSeconds(1), AlertChannels.Webhook);
        alerting.Webhook.Script.Enqueue((503, null));

        await alerting.EvaluateAsync(Candidate("error-rate"));
        await alerting.AdvanceAsync(TimeSpan.FromSeconds(1));

        Assert.Equal([503, 200], alerting.Webhook.Requests.Select(r => r.Status));
        Assert.Single(alerting.Webhook.Requests.Select(r => r.IdempotencyKey).Distinct());
    }

    [Fact]
    public async Task Monitor_SlackRefusesWith400_KeepsTheNotificationCountsItAndTheHealthCheckSaysSo()
    {
        var clock = new FakeTimeProvider(Epoch);
        await using var receiver = await HttpReceiver.StartAsync(clock);
        receiver.Status = 400;
        var services = new ServiceCollection().AddMetrics();
        services.AddAlertHttpClient();
        await using var provider = services.BuildServiceProvider();
        var meters = provider.GetRequiredService<IMeterFactory>();
        using var notifications = new MetricCollector<long>(meters, "Cortex.Slo", "cortex.slo.alert.notifications");
        var options = SloPresets.Production();
        options.Anomaly.Enabled = false;
        options.Alerting.GroupWait = TimeSpan.Zero;
        options.Alerting.Webhook.Url = receiver.Url;
        options.Alerting.Webhook.Format = WebhookFormat.Slack;
        options.Alerting.Slack.MinInterval = TimeSpan.Zero;
        await using var monitor = new SloMonitor(options, provider.GetRequiredService<IHttpClientFactory>(), clock, meterFactory: meters);
        await monitor.StartAsync(TestContext.Current.CancellationToken);
        for (var i = 0; i < 100; i++)
        {
            monitor.Record("checkout", TimeSpan.FromMilliseconds(5), success: false);
        }

        monitor.EvaluateNow();

        // The warnings (the ticket) are inhibited by the pages of the same SLO: only the critical alerts' groups are sent.
        var paged = monitor.GetActiveAlerts().Where(a => a.Severity == AlertSeverity.Critical).Select(a => a.Name).ToHashSet();
        Assert.Contains("error-rate", paged);
        await Poll.UntilAsync(() => monitor.GetUndeliveredNotifications().Select(u => u.Group).ToHashSet().SetEquals(paged), "every paged group's notification to be refused");
        var kept = monitor.GetUndeliveredNotifications();
        Assert.All(kept, u =>
        {
            Assert.Equal(AlertChannels.Webhook, u.Channel);
            Assert.Equal("HTTP 400 (BadRequest), not retried", u.Reason);
            Assert.Equal(1, u.FailedAttempts);
            Assert.NotEmpty(u.Alerts);
        });
        Assert.Contains(kept, u => u.Alerts.Any(a => a.Name == "error-rate"));
        Assert.Equal(receiver.Requests.Select(r => r.IdempotencyKey).Order(), kept.Select(u => u.Key).Order());
        var counted = notifications.GetMeasurementSnapshot();
        Assert.Equal(kept.Count, counted.Count);
        Assert.All(counted, m => Assert.True(m.MatchesTags(new KeyValuePair<string, object?>("cortex.slo.channel", "webhook"), new KeyValuePair<string, object?>("cortex.slo.outcome", "refused"))));

        var health = await new SloHealthCheck(monitor).CheckHealthAsync(new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("cortex-slo", _ => null!, HealthStatus.Unhealthy, ["slo"]),
        }, TestContext.Current.CancellationToken);

        Assert.Contains($"{kept.Count} alert notifications not delivered in the last day (last: webhook, HTTP 400", health.Description, StringComparison.Ordinal);
        var listed = Assert.IsType<string[]>(health.Data[SloHealthCheck.UndeliveredKey]);
        Assert.Equal(kept.Count, listed.Length);
        Assert.DoesNotContain("s3cr3t", health.Description + string.Join('\n', listed), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddCortexSlo_WebhookFormat_IsReadFromConfigurationAndTheEnvironmentAndABadOneNamesTheVariable()
    {
        using var configured = TestHosts.Build(new() { ["performance:Alerting:Webhook:Format"] = "slack" }, (services, config) => services.AddCortexSlo(config.GetSection("performance")));
        Assert.Equal(WebhookFormat.Slack, configured.Services.GetRequiredService<IOptions<SloOptions>>().Value.Alerting.Webhook.Format);

        using var fromEnvironment = TestHosts.Build(new() { ["ALERT_WEBHOOK_FORMAT"] = "Alertmanager" }, (services, _) => services.AddCortexSlo());
        Assert.Equal(WebhookFormat.Alertmanager, fromEnvironment.Services.GetRequiredService<IOptions<SloOptions>>().Value.Alerting.Webhook.Format);

        using var bad = TestHosts.Build(new() { ["ALERT_WEBHOOK_FORMAT"] = "teams" }, (services, _) => services.AddCortexSlo());
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => bad.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("ALERT_WEBHOOK_FORMAT must be auto, alertmanager or slack (was 'teams')", ex.Message, StringComparison.Ordinal);

        var undefined = SloPresets.Production();
        undefined.Alerting.Webhook.Format = (WebhookFormat)7;
        Assert.Contains(SloOptionsValidator.Errors(undefined), e => e.StartsWith("Slo:Alerting:Webhook:Format (ALERT_WEBHOOK_FORMAT) must be", StringComparison.Ordinal));
    }

    private static Uri SlackUrl(AlertingOptions options) => new($"http://{SlackHost}:{options.Webhook.Url!.Port}{HttpReceiver.SecretPath}");
}
