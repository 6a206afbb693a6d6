using Cortex.Slo.Tests.Support;
using static Cortex.Slo.Tests.Support.AlertingHarness;

namespace Cortex.Slo.Tests.Alerting;

/// <summary>Silences: matching alerts reach no channel until the silence ends or is expired; they survive a restart.</summary>
public sealed class SilenceTests
{
    [Fact]
    public async Task AddSilence_MatchingAlerts_AreNotSentUntilItEnds()
    {
        await using var alerting = await StartAsync(null, AlertChannels.Webhook);
        var silence = alerting.Manager.AddSilence(new Dictionary<string, string> { ["slo"] = "latency", ["operation"] = "search" }, Epoch + TimeSpan.FromMinutes(10), "deploy of search");

        await alerting.EvaluateAsync(Candidate("latency-p99", "search"), Candidate("error-rate", slo: "errors"));
        await alerting.AdvanceToAsync(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

        Assert.Equal(["error-rate"], alerting.Webhook.Accepted.Select(Group));
        Assert.Equal(2, alerting.Manager.Active.Count);
        Assert.Equal([silence.Id], alerting.Manager.Silences.Select(s => s.Id));

        await alerting.AdvanceAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(["error-rate", "latency-p99"], alerting.Webhook.Accepted.Select(Group));
        Assert.Equal(TimeSpan.FromMinutes(10), alerting.Webhook.Accepted[1].At - Epoch);
        Assert.Empty(alerting.Manager.Silences);
    }

    [Fact]
    public async Task ExpireSilence_AfterARestartOnTheJournal_SendsWhatItMuted()
    {
        using var directory = new TempDirectory();
        await using var alerting = await StartAsync(o => o.Journal.Directory = directory.Path, AlertChannels.Webhook);
        var silence = alerting.Manager.AddSilence(new Dictionary<string, string> { ["alertname"] = "latency-p99" }, Epoch + TimeSpan.FromHours(2), null);
        await alerting.EvaluateAsync(Candidate("latency-p99"));

        await alerting.RestartAsync();
        await alerting.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Empty(alerting.Webhook.Requests);
        var restored = Assert.Single(alerting.Manager.Silences);
        Assert.Equal((silence.Id, silence.StartsAt, silence.EndsAt), (restored.Id, restored.StartsAt, restored.EndsAt));
        Assert.Equal(silence.Matchers, restored.Matchers);

        Assert.True(alerting.Manager.ExpireSilence(silence.Id));
        Assert.False(alerting.Manager.ExpireSilence(silence.Id));
        await alerting.SettleAsync();

        Assert.Equal(["latency-p99"], alerting.Webhook.Accepted.Select(Group));
        await alerting.RestartAsync();
        Assert.Empty(alerting.Manager.Silences);
    }

    [Fact]
    public async Task AddSilence_NoMatcherOrEndInThePast_IsRefusedSayingWhy()
    {
        await using var alerting = await StartAsync(null, AlertChannels.Webhook);

        var none = Assert.Throws<ArgumentException>(() => alerting.Manager.AddSilence(new Dictionary<string, string>(), Epoch + TimeSpan.FromHours(1), null));
        var past = Assert.Throws<ArgumentException>(() => alerting.Manager.AddSilence(new Dictionary<string, string> { ["slo"] = "latency" }, Epoch, null));

        Assert.Contains("at least one matcher", none.Message, StringComparison.Ordinal);
        Assert.Contains("must end in the future", past.Message, StringComparison.Ordinal);
    }

    private static string? Group(ReceivedRequest request) => request.Json.GetProperty("groupLabels").GetProperty("alertname").GetString();
}
