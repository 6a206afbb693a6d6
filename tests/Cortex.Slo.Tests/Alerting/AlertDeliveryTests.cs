using System.Net;
using System.Net.Sockets;
using Cortex.Slo.Tests.Support;
using Microsoft.Extensions.Logging;
using static Cortex.Slo.Tests.Support.AlertingHarness;

namespace Cortex.Slo.Tests.Alerting;

/// <summary>The outbox against real loopback receivers: retries, order, Retry-After, pacing, refusals, and no leaked URL.</summary>
public sealed class AlertDeliveryTests
{
    [Fact]
    public async Task Webhook_DownForTenMinutesThenUp_DeliversEveryAlertExactlyOnceInOrder()
    {
        await using var alerting = await StartAsync(
            o =>
            {
                o.Delivery.InitialBackoff = TimeSpan.FromSeconds(5);
                o.Delivery.MaxBackoff = TimeSpan.FromMinutes(1);
            },
            AlertChannels.Webhook);
        var webhook = alerting.Webhook;
        webhook.Status = 503;

        await alerting.EvaluateOneByOneAsync(Enumerable.Range(0, 5).Select(i => Candidate($"alert-{i}")), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(15));

        Assert.Empty(webhook.Accepted);
        Assert.True(webhook.Requests.Count > 10, $"only {webhook.Requests.Count} attempts in 10 minutes");
        Assert.All(webhook.Requests, r => Assert.Equal("alert-0", Group(r)));
        Assert.Equal(5, alerting.Manager.Pending(AlertChannels.Webhook));

        webhook.Status = 200;
        await alerting.AdvanceToAsync(TimeSpan.FromMinutes(12), TimeSpan.FromSeconds(15));

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"alert-{i}"), webhook.Accepted.Select(Group));
        Assert.Equal(0, alerting.Manager.Pending(AlertChannels.Webhook));
        Assert.Empty(alerting.Manager.DeliveryFailures);
        Assert.Contains("HTTP 503", alerting.Logs.All, StringComparison.Ordinal);
        AssertNoSecret(webhook.Url, alerting.Logs.All);
    }

    [Fact]
    public async Task Slack_429WithRetryAfter30_RetriesNoSoonerThan30SecondsThenDelivers()
    {
        await using var alerting = await StartAsync(o => o.Delivery.InitialBackoff = TimeSpan.FromSeconds(1), AlertChannels.Slack);
        var slack = alerting.Slack;
        slack.Script.Enqueue((429, "30"));

        await alerting.EvaluateAsync(Candidate("error-rate"));
        await Poll.UntilAsync(() => slack.Requests.Count == 1, "the first attempt");
        await alerting.AdvanceToAsync(TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(1));
        Assert.Single(slack.Requests);

        await alerting.AdvanceAsync(TimeSpan.FromSeconds(1));

        await Poll.UntilAsync(() => slack.Requests.Count == 2, "the retry");
        Assert.Equal([429, 200], slack.Requests.Select(r => r.Status));
        Assert.Equal(TimeSpan.FromSeconds(30), slack.Requests.Last().At - Epoch);
        var message = slack.Accepted.Single().Json;
        Assert.StartsWith("[CRITICAL] checkout: error-rate: p99 of search is 812 ms", message.GetProperty("text").GetString(), StringComparison.Ordinal);
        var sections = message.GetProperty("blocks").EnumerateArray().Where(b => b.GetProperty("type").GetString() == "section").ToList();
        Assert.All(sections, b => Assert.Equal("mrkdwn", b.GetProperty("text").GetProperty("type").GetString()));
        Assert.Contains(sections, b => b.GetProperty("text").GetProperty("text").GetString()!.Contains("812 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Slack_TwoMessages_AreAtLeastMinIntervalApart()
    {
        await using var alerting = await StartAsync(null, AlertChannels.Slack);
        var slack = alerting.Slack;

        await alerting.EvaluateAsync(Candidate("error-rate"), Candidate("latency-p99"));
        await Poll.UntilAsync(() => slack.Requests.Count == 1, "the first message");
        await alerting.AdvanceAsync(TimeSpan.FromMilliseconds(999));
        Assert.Single(slack.Requests);
        await alerting.AdvanceAsync(TimeSpan.FromMilliseconds(1));

        await Poll.UntilAsync(() => slack.Requests.Count == 2, "the second message");
        var times = slack.Requests.Select(r => r.At).ToList();
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(1), $"{times[1] - times[0]} between two Slack messages");
    }

    [Fact]
    public async Task Webhook_400_IsNotRetriedAndIsReportedWithoutTheUrl()
    {
        await using var alerting = await StartAsync(null, AlertChannels.Webhook);
        alerting.Webhook.Status = 400;

        await alerting.EvaluateAsync(Candidate("error-rate"));
        await alerting.AdvanceToAsync(TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));

        Assert.Single(alerting.Webhook.Requests);
        var failure = Assert.Single(alerting.Manager.DeliveryFailures);
        Assert.Contains("webhook", failure, StringComparison.Ordinal);
        Assert.Contains("HTTP 400", failure, StringComparison.Ordinal);
        Assert.Contains("not retried", failure, StringComparison.Ordinal);
        AssertNoSecret(alerting.Webhook.Url, failure);
        AssertNoSecret(alerting.Webhook.Url, alerting.Logs.All);
        Assert.Contains(alerting.Logs.Entries, e => e.Level == LogLevel.Error && e.Text.Contains("HTTP 400", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Webhook_Unreachable_KeepsRetryingWithoutCrashingThenGivesUpAfterMaxAge()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)closed.LocalEndpoint).Port}{HttpReceiver.SecretPath}");
        closed.Stop();
        await using var alerting = await StartAsync(o =>
        {
            o.Webhook.Url = url;
            o.Delivery.MaxAge = TimeSpan.FromMinutes(10);
            o.Delivery.MaxBackoff = TimeSpan.FromMinutes(1);
            Levels(o, (TimeSpan.Zero, [AlertChannels.Webhook]));
        });

        await alerting.EvaluateAsync(Candidate("error-rate"));
        await alerting.AdvanceToAsync(TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(1));
        await alerting.EvaluateAsync(Candidate("error-rate"), Candidate("latency-p99"));

        Assert.Equal(2, alerting.Manager.Pending(AlertChannels.Webhook));
        Assert.Empty(alerting.Manager.DeliveryFailures);
        Assert.Contains("request failed (ConnectionError)", alerting.Logs.All, StringComparison.Ordinal);

        await alerting.AdvanceToAsync(TimeSpan.FromMinutes(11), TimeSpan.FromMinutes(1));

        var failure = Assert.Single(alerting.Manager.DeliveryFailures);
        Assert.Contains("error-rate", failure, StringComparison.Ordinal);
        Assert.Contains("not delivered within 00:10:00", failure, StringComparison.Ordinal);
        Assert.Equal(1, alerting.Manager.Pending(AlertChannels.Webhook));
        Assert.Equal(2, alerting.Manager.Active.Count);
        AssertNoSecret(url, string.Join('\n', alerting.Manager.DeliveryFailures) + alerting.Logs.All);
    }

    [Fact]
    public async Task SendTestNotificationAsync_ChannelsUpOrDown_ReportsWhetherAllAccepted()
    {
        await using var alerting = await StartAsync(null, AlertChannels.Webhook, AlertChannels.Slack);
        await using var none = await StartAsync(null);

        Assert.True(await alerting.Manager.SendTestNotificationAsync(TestContext.Current.CancellationToken));
        alerting.Slack.Status = 503;
        Assert.False(await alerting.Manager.SendTestNotificationAsync(TestContext.Current.CancellationToken));
        Assert.False(await none.Manager.SendTestNotificationAsync(TestContext.Current.CancellationToken));

        Assert.Equal(2, alerting.Webhook.Accepted.Count);
        Assert.Contains("Test notification from checkout", alerting.Webhook.Accepted[0].Body, StringComparison.Ordinal);
        Assert.StartsWith("[TEST] checkout:", alerting.Slack.Requests.First().Json.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("slack alert channel failed: HTTP 503", alerting.Logs.All, StringComparison.Ordinal);
        AssertNoSecret(alerting.Slack.Url, alerting.Logs.All);
    }

    private static string? Group(ReceivedRequest request) => request.Json.GetProperty("groupLabels").GetProperty("alertname").GetString();

    private static void AssertNoSecret(Uri url, string text)
    {
        Assert.DoesNotContain(url.AbsoluteUri, text, StringComparison.Ordinal);
        Assert.DoesNotContain(url.AbsolutePath, text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", text, StringComparison.OrdinalIgnoreCase);
    }
}
