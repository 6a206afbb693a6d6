using Cortex.Slo.Alerting;
using Cortex.Slo.Tests.Support;
using static Cortex.Slo.Tests.Support.AlertingHarness;

namespace Cortex.Slo.Tests.Alerting;

/// <summary>
/// Delivery through a receiver outage with the seed's grouping timers, on a clock that moves at every read as the system
/// clock does (a fake clock that only moves when told hid the loops' failure to sleep).
/// </summary>
public sealed class AlertOutageTests
{
    private static readonly TimeSpan GroupInterval = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Evaluate_ClockMovingAsARealOne_AlertJoiningANotifiedGroupIsSentAtGroupIntervalNotRepeatInterval()
    {
        await using var alerting = await StartAsync(Seed, ticking: true, AlertChannels.Webhook);

        await alerting.EvaluateAsync(Candidate("latency-p99", "search"));
        await alerting.AdvanceToAsync(TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(30));
        await alerting.EvaluateAsync(Candidate("latency-p99", "search"), Candidate("latency-p99", "upsert"));
        await alerting.AdvanceToAsync(TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(1));

        await Poll.UntilAsync(() => alerting.Webhook.Requests.Count == 2, "the group's second notification");
        var second = alerting.Webhook.Requests.Last();
        Assert.InRange(second.At - Epoch, TimeSpan.FromSeconds(330), TimeSpan.FromSeconds(331));
        Assert.Equal(2, second.Json.GetProperty("alerts").GetArrayLength());
    }

    [Fact]
    public async Task Webhook_DownThirtySecondsWhileSlosFire_DeliversEveryAlertOnceInOrderWithinGroupIntervalOfRecovery()
    {
        await using var alerting = await StartAsync(Seed, ticking: true, AlertChannels.Webhook);
        var webhook = alerting.Webhook;
        AlertCandidate[] early = [Burn("page-fast", "availability"), Burn("page-slow", "availability")];
        AlertCandidate[] later =
        [
            Candidate("cpu", "process", AlertSeverity.Critical, "cpu"),
            Candidate("latency-p50", "search", AlertSeverity.Warning, "latency-p50"),
            Candidate("latency-p90", "search", AlertSeverity.Warning, "latency-p90"),
            Burn("page-fast", "latency-p95"), Burn("page-slow", "latency-p95"),
            Burn("page-fast", "latency-p99"), Burn("page-slow", "latency-p99"),
        ];

        // Evaluated every 15 s as the monitor would: two pages from 0 s, the rest from 45 s; the receiver down from 45 s to 80 s.
        for (var at = TimeSpan.Zero; at < TimeSpan.FromMinutes(7); at += TimeSpan.FromSeconds(15))
        {
            await alerting.AdvanceToAsync(at, TimeSpan.FromSeconds(15));
            if (at == TimeSpan.FromSeconds(45))
            {
                await alerting.EvaluateAsync([.. early, .. later]);
                await webhook.GoDownAsync();
            }
            else if (at == TimeSpan.FromSeconds(75))
            {
                await alerting.AdvanceToAsync(TimeSpan.FromSeconds(80), TimeSpan.FromSeconds(5));
                await webhook.ComeBackAsync();
            }

            await alerting.EvaluateAsync(at < TimeSpan.FromSeconds(45) ? early : [.. early, .. later]);
        }

        var recovered = Epoch + TimeSpan.FromSeconds(80);
        var accepted = webhook.Accepted;
        Assert.Equal(
            ["burn-rate:page-fast", "burn-rate:page-slow", "cpu", "latency-p50", "latency-p90", "burn-rate:page-fast", "burn-rate:page-slow"],
            accepted.Select(r => r.Json.GetProperty("groupLabels").GetProperty("alertname").GetString()));
        Assert.All(accepted.Skip(2), r => Assert.InRange(r.At, recovered, recovered + GroupInterval));
        var fired = early.Concat(later).Select(c => (c.Name, c.Slo)).ToHashSet();
        var delivered = accepted.SelectMany(r => r.Json.GetProperty("alerts").EnumerateArray())
            .Select(a => (a.GetProperty("labels").GetProperty("alertname").GetString()!, a.GetProperty("labels").GetProperty("slo").GetString()!))
            .ToList();
        Assert.Equal(fired.Order(), delivered.Distinct().Order());

        // Once: the two groups that had sent carry their first pages again at GroupInterval, nothing else comes twice.
        Assert.Equal(fired.Count + early.Length, delivered.Count);
        Assert.Equal(0, alerting.Manager.Pending(AlertChannels.Webhook));
        Assert.Empty(alerting.Manager.DeliveryFailures);
    }

    [Fact]
    public async Task Webhook_DownTwoHoursWithMaxBackoffOfAnHour_DeliversWithinGroupIntervalOfRecovery()
    {
        await using var alerting = await StartAsync(
            o =>
            {
                o.GroupInterval = GroupInterval;
                o.Delivery.MaxBackoff = TimeSpan.FromHours(1);
            },
            AlertChannels.Webhook);
        await alerting.Webhook.GoDownAsync();

        await alerting.EvaluateAsync(Candidate("error-rate"));
        await alerting.AdvanceToAsync(TimeSpan.FromHours(2), TimeSpan.FromMinutes(1));
        await alerting.Webhook.ComeBackAsync();
        await alerting.AdvanceAsync(GroupInterval);

        var delivered = Assert.Single(alerting.Webhook.Accepted);
        Assert.InRange(delivered.At - Epoch, TimeSpan.FromHours(2), TimeSpan.FromHours(2) + GroupInterval);
    }

    private static void Seed(AlertingOptions o)
    {
        o.GroupWait = TimeSpan.FromSeconds(30);
        o.GroupInterval = GroupInterval;
        o.RepeatInterval = TimeSpan.FromHours(4);
    }

    private static AlertCandidate Burn(string rule, string slo) =>
        new($"burn-rate:{rule}", slo, AlertSeverity.Critical, $"{slo} burns its error budget fast", 20, new Dictionary<string, string> { ["window"] = rule });
}
