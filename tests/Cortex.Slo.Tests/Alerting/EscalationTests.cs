using Cortex.Slo.Alerting;
using Cortex.Slo.Tests.Support;
using static Cortex.Slo.Tests.Support.AlertingHarness;

namespace Cortex.Slo.Tests.Alerting;

/// <summary>Escalation with the seed's delays (0, 5, 15, 30 min) and GroupWait = 0, so that each level goes out when reached.</summary>
public sealed class EscalationTests
{
    [Fact]
    public async Task Escalation_Unacknowledged_ReachesEachLevelAtItsDelayOnItsChannels()
    {
        await using var alerting = await SeedAsync();

        await alerting.EvaluateAsync(Candidate("burn-rate:page-fast"));
        await Poll.UntilAsync(() => alerting.Webhook.Requests.Count == 1, "level 1");
        Assert.Equal(1, Assert.Single(alerting.Manager.Active).EscalationLevel);

        await alerting.AdvanceAsync(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Empty(alerting.Slack.Requests);
        await alerting.AdvanceAsync(TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(() => alerting.Slack.Requests.Count == 1, "level 2");
        Assert.Equal(2, Assert.Single(alerting.Manager.Active).EscalationLevel);

        await alerting.AdvanceAsync(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Single(alerting.Webhook.Requests);
        await alerting.AdvanceAsync(TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(() => alerting.Webhook.Requests.Count == 2, "level 3");

        await alerting.AdvanceAsync(TimeSpan.FromMinutes(15));
        await Poll.UntilAsync(() => alerting.Slack.Requests.Count == 2, "level 4");

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMinutes(15)], alerting.Webhook.Requests.Select(r => r.At - Epoch));
        Assert.Equal([TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30)], alerting.Slack.Requests.Select(r => r.At - Epoch));
        Assert.Equal(
            ["1", "3"],
            alerting.Webhook.Requests.Select(r => r.Json.GetProperty("alerts")[0].GetProperty("annotations").GetProperty("escalation_level").GetString()));
        Assert.Equal(4, Assert.Single(alerting.Manager.Active).EscalationLevel);
    }

    [Fact]
    public async Task Acknowledge_AtSevenMinutes_StopsLevelsThreeAndFour()
    {
        await using var alerting = await SeedAsync();
        Alert? acknowledged = null;
        alerting.Manager.Acknowledged += a => acknowledged = a;
        await alerting.EvaluateAsync(Candidate("burn-rate:page-fast"));
        await alerting.AdvanceAsync(TimeSpan.FromMinutes(7));
        await Poll.UntilAsync(() => alerting.Slack.Requests.Count == 1, "level 2");
        var id = Assert.Single(alerting.Manager.Active).Id;

        Assert.True(alerting.Manager.Acknowledge(id));
        await alerting.AdvanceToAsync(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));

        Assert.Single(alerting.Webhook.Requests);
        Assert.Single(alerting.Slack.Requests);
        Assert.NotNull(acknowledged);
        Assert.Equal(Epoch + TimeSpan.FromMinutes(7), acknowledged.AcknowledgedAt);
        Assert.Equal(2, Assert.Single(alerting.Manager.Active).EscalationLevel);
        Assert.True(alerting.Manager.Acknowledge(id));
        Assert.False(alerting.Manager.Acknowledge("no-such-id"));
    }

    [Fact]
    public async Task Escalation_TenAlertsReachingALevelTogether_SendOneMessageAtThatLevel()
    {
        await using var alerting = await SeedAsync(o => o.GroupWait = TimeSpan.FromSeconds(30));

        await alerting.EvaluateOneByOneAsync(Enumerable.Range(0, 10).Select(i => Candidate("latency-p99", operation: $"op-{i}")), TimeSpan.FromSeconds(2));
        await alerting.AdvanceToAsync(TimeSpan.FromMinutes(6), TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(30), Assert.Single(alerting.Webhook.Requests).At - Epoch);
        var escalated = Assert.Single(alerting.Slack.Requests);
        Assert.Equal(TimeSpan.FromSeconds(330), escalated.At - Epoch);
        Assert.Contains("10 firing", escalated.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escalation_InfoAlert_StopsAtTheFirstLevel()
    {
        await using var alerting = await SeedAsync();

        await alerting.EvaluateAsync(Candidate("throughput-low", severity: AlertSeverity.Info));
        await alerting.AdvanceToAsync(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));

        Assert.Single(alerting.Webhook.Requests);
        Assert.Empty(alerting.Slack.Requests);
        Assert.Equal(1, Assert.Single(alerting.Manager.Active).EscalationLevel);
    }

    // L1 webhook at once, L2 Slack after 5 min, L3 webhook after 15 min, L4 Slack after 30 min.
    private static Task<AlertingHarness> SeedAsync(Action<AlertingOptions>? more = null) => StartAsync(
        o =>
        {
            Levels(
                o,
                (TimeSpan.Zero, [AlertChannels.Webhook]),
                (TimeSpan.FromMinutes(5), [AlertChannels.Slack]),
                (TimeSpan.FromMinutes(15), [AlertChannels.Webhook]),
                (TimeSpan.FromMinutes(30), [AlertChannels.Slack]));
            more?.Invoke(o);
        },
        AlertChannels.Webhook,
        AlertChannels.Slack);
}
