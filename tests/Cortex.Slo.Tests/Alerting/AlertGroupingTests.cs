using Cortex.Slo.Alerting;
using Cortex.Slo.Tests.Support;
using static Cortex.Slo.Tests.Support.AlertingHarness;

namespace Cortex.Slo.Tests.Alerting;

public sealed class AlertGroupingTests
{
    [Fact]
    public async Task Evaluate_TenSimilarAlertsInsideGroupWait_SendsOneNotificationWithTenAlerts()
    {
        await using var alerting = await StartAsync(o => o.GroupWait = TimeSpan.FromSeconds(30), AlertChannels.Webhook);

        await alerting.EvaluateOneByOneAsync(Enumerable.Range(0, 10).Select(i => Candidate("latency-p99", operation: $"op-{i}")), TimeSpan.FromSeconds(2));
        Assert.Empty(alerting.Webhook.Requests);
        await alerting.AdvanceToAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5));
        await Poll.UntilAsync(() => !alerting.Webhook.Requests.IsEmpty, "the group's notification");
        await alerting.AdvanceAsync(TimeSpan.FromMinutes(10));

        var request = Assert.Single(alerting.Webhook.Requests);
        Assert.Equal(HttpReceiver.SecretPath, request.Path);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        var payload = request.Json;
        Assert.Equal("4", payload.GetProperty("version").GetString());
        Assert.Equal("firing", payload.GetProperty("status").GetString());
        Assert.Equal("cortex-slo", payload.GetProperty("receiver").GetString());
        Assert.Equal("{}:{alertname=\"latency-p99\"}", payload.GetProperty("groupKey").GetString());
        Assert.Equal("latency-p99", payload.GetProperty("groupLabels").GetProperty("alertname").GetString());
        var common = payload.GetProperty("commonLabels");
        Assert.Equal("checkout", common.GetProperty("service").GetString());
        Assert.Equal("critical", common.GetProperty("severity").GetString());
        Assert.False(common.TryGetProperty("operation", out _));
        var alerts = payload.GetProperty("alerts").EnumerateArray().ToList();
        Assert.Equal(
            Enumerable.Range(0, 10).Select(i => $"op-{i}"),
            alerts.Select(a => a.GetProperty("labels").GetProperty("operation").GetString()));
        Assert.All(alerts, a =>
        {
            Assert.Equal("firing", a.GetProperty("status").GetString());
            Assert.Equal(16, a.GetProperty("fingerprint").GetString()!.Length);
            Assert.Contains("812 ms", a.GetProperty("annotations").GetProperty("summary").GetString(), StringComparison.Ordinal);
            Assert.Equal("0001-01-01T00:00:00Z", a.GetProperty("endsAt").GetString());
        });
        Assert.Equal(10, alerting.Manager.Active.Count);
        Assert.All(alerting.Manager.Active, a => Assert.Equal(1, a.EscalationLevel));
    }

    [Fact]
    public async Task Evaluate_AlertJoiningNotifiedGroup_IsSentGroupIntervalAfterThePreviousNotification()
    {
        await using var alerting = await StartAsync(
            o =>
            {
                o.GroupWait = TimeSpan.FromSeconds(30);
                o.GroupInterval = TimeSpan.FromMinutes(5);
            },
            AlertChannels.Webhook);

        await alerting.EvaluateAsync(Candidate("latency-p99", "search"));
        await alerting.AdvanceToAsync(TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(30));
        await alerting.EvaluateAsync(Candidate("latency-p99", "search"), Candidate("latency-p99", "upsert"));
        await alerting.AdvanceToAsync(TimeSpan.FromSeconds(329), TimeSpan.FromMinutes(1));
        Assert.Single(alerting.Webhook.Requests);

        await alerting.AdvanceAsync(TimeSpan.FromSeconds(1));

        await Poll.UntilAsync(() => alerting.Webhook.Requests.Count == 2, "the group's second notification");
        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(330)], alerting.Webhook.Requests.Select(r => r.At - Epoch));
        Assert.Equal(2, alerting.Webhook.Requests.Last().Json.GetProperty("alerts").GetArrayLength());
    }

    [Fact]
    public async Task Evaluate_GroupStillFiring_IsSentAgainAfterRepeatInterval()
    {
        await using var alerting = await StartAsync(o => o.RepeatInterval = TimeSpan.FromHours(4), AlertChannels.Webhook);

        await alerting.EvaluateAsync(Candidate("error-rate"));
        await alerting.AdvanceAsync(TimeSpan.FromHours(4) - TimeSpan.FromSeconds(1));
        Assert.Single(alerting.Webhook.Requests);

        await alerting.AdvanceAsync(TimeSpan.FromSeconds(1));

        await Poll.UntilAsync(() => alerting.Webhook.Requests.Count == 2, "the repeat");
        Assert.Equal("firing", alerting.Webhook.Requests.Last().Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Resolve_NotifiedAlert_SendsResolvedNotificationToTheChannelsThatHeard()
    {
        await using var alerting = await StartAsync(
            o =>
            {
                o.GroupInterval = TimeSpan.FromMinutes(1);
                Levels(o, (TimeSpan.Zero, [AlertChannels.Webhook]), (TimeSpan.FromMinutes(30), [AlertChannels.Slack]));
            },
            AlertChannels.Webhook,
            AlertChannels.Slack);
        Alert? resolved = null;
        alerting.Manager.Resolved += a => resolved = a;
        await alerting.EvaluateAsync(Candidate("error-rate"));
        var alert = Assert.Single(alerting.Manager.Active);
        await alerting.AdvanceAsync(TimeSpan.FromMinutes(2));

        Assert.True(alerting.Manager.Resolve(alert.Id));
        await alerting.AdvanceAsync(TimeSpan.FromMinutes(1));

        await Poll.UntilAsync(() => alerting.Webhook.Requests.Count == 2, "the resolved notification");
        Assert.NotNull(resolved);
        Assert.Equal(AlertState.Resolved, resolved.State);
        Assert.Equal(Epoch + TimeSpan.FromMinutes(2), resolved.EndsAt);
        Assert.Empty(alerting.Manager.Active);
        var payload = alerting.Webhook.Requests.Last().Json;
        Assert.Equal("resolved", payload.GetProperty("status").GetString());
        var sent = Assert.Single(payload.GetProperty("alerts").EnumerateArray());
        Assert.Equal("resolved", sent.GetProperty("status").GetString());
        Assert.Equal("2026-03-02T09:02:00.000Z", sent.GetProperty("endsAt").GetString());
        Assert.Empty(alerting.Slack.Requests);
        Assert.False(alerting.Manager.Resolve(alert.Id));
        Assert.Single(alerting.Manager.History(Epoch, Epoch + TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task Evaluate_AlertNoLongerViolated_ResolvesAndSendsResolved()
    {
        await using var alerting = await StartAsync(o => o.GroupInterval = TimeSpan.FromMinutes(5), AlertChannels.Webhook);
        await alerting.EvaluateAsync(Candidate("latency-p99", "search"), Candidate("latency-p99", "upsert"));
        await alerting.AdvanceAsync(TimeSpan.FromMinutes(1));

        await alerting.EvaluateAsync(Candidate("latency-p99", "search"));
        await alerting.AdvanceAsync(TimeSpan.FromMinutes(4));

        await Poll.UntilAsync(() => alerting.Webhook.Requests.Count == 2, "the notification of the resolution");
        var payload = alerting.Webhook.Requests.Last().Json;
        Assert.Equal("firing", payload.GetProperty("status").GetString());
        Assert.Equal(
            ["firing:search", "resolved:upsert"],
            payload.GetProperty("alerts").EnumerateArray().Select(a => $"{a.GetProperty("status").GetString()}:{a.GetProperty("labels").GetProperty("operation").GetString()}"));
        Assert.Equal("search", Assert.Single(alerting.Manager.Active).Labels["operation"]);
    }

    [Fact]
    public async Task Evaluate_RefiringBeforeItsResolutionWasSent_SendsBothOnceAndThenNothingNew()
    {
        await using var alerting = await StartAsync(
            o =>
            {
                o.GroupInterval = TimeSpan.FromMinutes(10);
                o.Cooldown = TimeSpan.FromMinutes(1);
            },
            AlertChannels.Webhook);
        await alerting.EvaluateAsync(Candidate("error-rate"));
        await alerting.AdvanceAsync(TimeSpan.FromMinutes(1));
        await alerting.EvaluateAsync();
        await alerting.AdvanceAsync(TimeSpan.FromMinutes(1));

        await alerting.EvaluateAsync(Candidate("error-rate"));
        await alerting.AdvanceToAsync(TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(2));
        await alerting.EvaluateAsync(Candidate("error-rate"), Candidate("latency-p99")); // wakes the dispatch loop
        await alerting.AdvanceToAsync(TimeSpan.FromHours(1), TimeSpan.FromMinutes(2));

        var errorRate = alerting.Webhook.Requests.Where(r => r.Json.GetProperty("groupLabels").GetProperty("alertname").GetString() == "error-rate").ToList();
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMinutes(10)], errorRate.Select(r => r.At - Epoch));
        var alerts = errorRate.Last().Json.GetProperty("alerts").EnumerateArray().ToList();
        Assert.Equal(["resolved", "firing"], alerts.Select(a => a.GetProperty("status").GetString()));
        Assert.Single(alerts.Select(a => a.GetProperty("fingerprint").GetString()).Distinct());
    }

    [Fact]
    public async Task Evaluate_GroupBySlo_SendsOneNotificationPerSloWithItsGroupLabels()
    {
        await using var alerting = await StartAsync(GroupBy("slo"), AlertChannels.Webhook);

        await alerting.EvaluateAsync(
            Candidate("burn-rate:page-fast", slo: "latency-p99"),
            Candidate("burn-rate:page-slow", slo: "latency-p99"),
            Candidate("burn-rate:page-fast", slo: "availability"));
        await alerting.AdvanceAsync(TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(() => alerting.Webhook.Requests.Count == 2, "one notification per SLO");
        await alerting.AdvanceAsync(TimeSpan.FromMinutes(1));

        var bySlo = alerting.Webhook.Requests.ToDictionary(r => r.Json.GetProperty("groupLabels").GetProperty("slo").GetString()!);
        Assert.Equal(["availability", "latency-p99"], bySlo.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("{}:{slo=\"latency-p99\"}", bySlo["latency-p99"].Json.GetProperty("groupKey").GetString());
        Assert.False(bySlo["latency-p99"].Json.GetProperty("groupLabels").TryGetProperty("alertname", out _));
        Assert.Equal(
            ["burn-rate:page-fast", "burn-rate:page-slow"],
            bySlo["latency-p99"].Json.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("labels").GetProperty("alertname").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(1, bySlo["availability"].Json.GetProperty("alerts").GetArrayLength());
    }

    [Fact]
    public async Task Evaluate_GroupByTwoLabels_KeysTheGroupByBoth()
    {
        await using var alerting = await StartAsync(GroupBy("slo", "operation"), AlertChannels.Webhook);

        await alerting.EvaluateAsync(Candidate("a", "search"), Candidate("b", "search"), Candidate("a", "upsert"));
        await alerting.AdvanceAsync(TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(() => alerting.Webhook.Requests.Count == 2, "one notification per slo and operation");

        Assert.Equal(
            ["{}:{operation=\"search\",slo=\"latency\"}", "{}:{operation=\"upsert\",slo=\"latency\"}"],
            alerting.Webhook.Requests.Select(r => r.Json.GetProperty("groupKey").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Evaluate_ConfiguredInhibitRule_MutesTargetsWithEqualLabelsUntilTheSourceResolves()
    {
        await using var alerting = await StartAsync(
            o =>
            {
                o.GroupInterval = TimeSpan.FromMinutes(1);
                var rule = new InhibitRule();
                rule.SourceMatchers["alertname"] = "error-rate";
                rule.TargetMatchers["alertname"] = "latency-p99";
                rule.Equal.Add("operation");
                o.InhibitRules.Clear();
                o.InhibitRules.Add(rule);
            },
            AlertChannels.Webhook);
        var errors = Candidate("error-rate", "search");
        var slowSearch = Candidate("latency-p99", "search");
        var slowUpsert = Candidate("latency-p99", "upsert");

        // The default rule is replaced: a warning beside a critical alert of its SLO is sent too.
        var warning = Candidate("burn-rate", severity: AlertSeverity.Warning);
        var critical = Candidate("burn-rate", severity: AlertSeverity.Critical);
        await alerting.EvaluateAsync(errors, slowSearch, slowUpsert, warning, critical);
        await alerting.AdvanceAsync(TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(() => alerting.Webhook.Requests.Count == 3, "the error-rate, latency and burn-rate groups");

        Assert.Equal(5, alerting.Manager.Active.Count);
        var latency = alerting.Webhook.Requests.Single(r => r.Json.GetProperty("groupLabels").GetProperty("alertname").GetString() == "latency-p99");
        Assert.Equal(["upsert"], Operations(latency));
        var burn = alerting.Webhook.Requests.Single(r => r.Json.GetProperty("groupLabels").GetProperty("alertname").GetString() == "burn-rate");
        Assert.Equal(2, burn.Json.GetProperty("alerts").GetArrayLength());

        await alerting.EvaluateAsync(slowSearch, slowUpsert, warning, critical);
        await alerting.AdvanceAsync(TimeSpan.FromMinutes(1));
        await Poll.UntilAsync(() => alerting.Webhook.Requests.Count(r => r.Json.GetProperty("groupLabels").GetProperty("alertname").GetString() == "latency-p99") == 2, "the muted alert once its source resolved");

        var after = alerting.Webhook.Requests.Last(r => r.Json.GetProperty("groupLabels").GetProperty("alertname").GetString() == "latency-p99");
        Assert.Equal(["search", "upsert"], Operations(after));
    }

    private static Action<AlertingOptions> GroupBy(params string[] labels) => o =>
    {
        o.GroupBy.Clear();
        foreach (var label in labels)
        {
            o.GroupBy.Add(label);
        }
    };

    private static IEnumerable<string?> Operations(ReceivedRequest request) =>
        request.Json.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("labels").GetProperty("operation").GetString()).Order(StringComparer.Ordinal);
}
