using Cortex.Slo.Alerting;
using Cortex.Slo.Tests.Support;
using static Cortex.Slo.Tests.Support.AlertingHarness;

namespace Cortex.Slo.Tests.Alerting;

public sealed class AlertLifecycleTests
{
    [Fact]
    public async Task Evaluate_SameConditionTwice_KeepsOneAlertWithTheLatestFigures()
    {
        await using var alerting = await StartAsync(null);
        var created = new List<Alert>();
        alerting.Manager.Created += created.Add;

        await alerting.EvaluateAsync(Candidate("error-rate"));
        await alerting.AdvanceAsync(TimeSpan.FromMinutes(1));
        await alerting.EvaluateAsync(Candidate("error-rate") with { Value = 900, Summary = "now 900 ms" });

        var alert = Assert.Single(alerting.Manager.Active);
        Assert.Equal(Assert.Single(created).Id, alert.Id);
        Assert.Equal(900, alert.Value);
        Assert.Equal("now 900 ms", alert.Summary);
        Assert.Equal(Epoch, alert.StartsAt);
        Assert.Equal(AlertState.Firing, alert.State);
        Assert.Equal("error-rate", alert.Labels["alertname"]);
        Assert.Equal("latency", alert.Labels["slo"]);
        Assert.Equal("critical", alert.Labels["severity"]);
        Assert.Equal("checkout", alert.Labels["service"]);
        Assert.Equal("search", alert.Labels["operation"]);
    }

    [Fact]
    public async Task Evaluate_WarningAndCriticalOfOneCondition_AreTwoAlertsWithStableFingerprints()
    {
        await using var first = await StartAsync(null);
        await using var second = await StartAsync(null);

        await first.EvaluateAsync(Candidate("burn-rate", severity: AlertSeverity.Warning), Candidate("burn-rate", severity: AlertSeverity.Critical));
        await second.EvaluateAsync(Candidate("burn-rate", severity: AlertSeverity.Critical));

        Assert.Equal(2, first.Manager.Active.Select(a => a.Fingerprint).Distinct().Count());
        var critical = Assert.Single(second.Manager.Active);
        Assert.Equal(first.Manager.Active.Single(a => a.Severity == AlertSeverity.Critical).Fingerprint, critical.Fingerprint);
        Assert.NotEqual(first.Manager.Active.Single(a => a.Severity == AlertSeverity.Critical).Id, critical.Id);
    }

    [Fact]
    public async Task Evaluate_RefiringWithinCooldown_IsSuppressedUntilTheCooldownEnds()
    {
        await using var alerting = await StartAsync(o => o.Cooldown = TimeSpan.FromMinutes(5));
        var created = new List<Alert>();
        alerting.Manager.Created += created.Add;
        await alerting.EvaluateAsync(Candidate("error-rate"));
        await alerting.AdvanceAsync(TimeSpan.FromMinutes(1));
        await alerting.EvaluateAsync();

        await alerting.AdvanceAsync(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await alerting.EvaluateAsync(Candidate("error-rate"));

        Assert.Empty(alerting.Manager.Active);
        Assert.Single(created);

        await alerting.AdvanceAsync(TimeSpan.FromSeconds(1));
        await alerting.EvaluateAsync(Candidate("error-rate"));

        var again = Assert.Single(alerting.Manager.Active);
        Assert.Equal(2, created.Count);
        Assert.NotEqual(created[0].Id, again.Id);
        Assert.Equal(created[0].Fingerprint, again.Fingerprint);
        Assert.Equal(Epoch + TimeSpan.FromMinutes(6), again.StartsAt);
        Assert.Equal(2, alerting.Manager.History(Epoch, alerting.Clock.GetUtcNow()).Count);
    }

    [Fact]
    public async Task Evaluate_CriticalFiringOnSameSlo_InhibitsTheWarningUntilItResolves()
    {
        await using var alerting = await StartAsync(o => o.GroupInterval = TimeSpan.FromMinutes(1), AlertChannels.Webhook);
        var warning = Candidate("burn-rate", severity: AlertSeverity.Warning);
        var critical = Candidate("burn-rate", severity: AlertSeverity.Critical);
        var otherSlo = Candidate("burn-rate", severity: AlertSeverity.Warning, slo: "availability");

        await alerting.EvaluateAsync(warning, critical, otherSlo);
        await Poll.UntilAsync(() => !alerting.Webhook.Requests.IsEmpty, "the first notification");

        Assert.Equal(3, alerting.Manager.Active.Count);
        Assert.Equal(["firing:availability/warning", "firing:latency/critical"], Sent(alerting.Webhook.Requests.Single()));

        await alerting.EvaluateAsync(warning, otherSlo);
        await alerting.AdvanceAsync(TimeSpan.FromMinutes(1));

        await Poll.UntilAsync(() => alerting.Webhook.Requests.Count == 2, "the notification after the critical alert resolved");
        Assert.Equal(["firing:availability/warning", "firing:latency/warning", "resolved:latency/critical"], Sent(alerting.Webhook.Requests.Last()));
    }

    [Fact]
    public async Task Evaluate_HandlerThrows_AlertIsStillRaisedAndLogged()
    {
        await using var alerting = await StartAsync(null);
        alerting.Manager.Created += _ => throw new InvalidOperationException("subscriber bug");
        var seen = 0;
        alerting.Manager.Created += _ => seen++;

        await alerting.EvaluateAsync(Candidate("error-rate"));

        Assert.Single(alerting.Manager.Active);
        Assert.Equal(1, seen);
        Assert.Contains("subscriber bug", alerting.Logs.All, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Sent(ReceivedRequest request) => request.Json.GetProperty("alerts").EnumerateArray()
        .Select(a => $"{a.GetProperty("status").GetString()}:{a.GetProperty("labels").GetProperty("slo").GetString()}/{a.GetProperty("labels").GetProperty("severity").GetString()}")
        .Order(StringComparer.Ordinal);
}
