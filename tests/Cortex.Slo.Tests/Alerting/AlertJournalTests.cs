using Cortex.Slo.Alerting;
using Cortex.Slo.Tests.Support;
using static Cortex.Slo.Tests.Support.AlertingHarness;

namespace Cortex.Slo.Tests.Alerting;

/// <summary>The alert journal in process: restart with notifications queued, escalation resumed, compaction, torn lines, a bad directory.</summary>
public sealed class AlertJournalTests
{
    [Fact]
    public async Task Restart_SixNotificationsQueuedAndReceiverDown_NewManagerDeliversEachOnceWithItsKey()
    {
        using var directory = new TempDirectory();
        await using var alerting = await StartAsync(o => o.Journal.Directory = directory.Path, AlertChannels.Webhook);
        await alerting.Webhook.GoDownAsync();
        await alerting.EvaluateAsync([.. Enumerable.Range(0, 6).Select(i => Candidate($"alert-{i}"))]);
        Assert.Equal(6, alerting.Manager.Pending(AlertChannels.Webhook));

        await alerting.RestartAsync();
        await alerting.SettleAsync();
        Assert.Equal(6, alerting.Manager.Pending(AlertChannels.Webhook));
        Assert.Equal(6, alerting.Manager.Active.Count);
        await alerting.Webhook.ComeBackAsync();
        await alerting.AdvanceAsync(TimeSpan.FromMinutes(5));

        var accepted = alerting.Webhook.Accepted;
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"alert-{i}"), accepted.Select(r => r.Json.GetProperty("groupLabels").GetProperty("alertname").GetString()));
        Assert.Equal(6, accepted.Select(r => r.IdempotencyKey).Distinct().Count());
        Assert.All(accepted, r => Assert.Equal(r.IdempotencyKey, r.Json.GetProperty("idempotencyKey").GetString()));
        Assert.Equal(0, alerting.Manager.Pending(AlertChannels.Webhook));

        // Delivered once: a third process has nothing left to send and pages nothing again.
        await alerting.RestartAsync();
        await alerting.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(6, alerting.Webhook.Requests.Count(r => r.Status == 200));
    }

    [Fact]
    public async Task Restart_ResolveAlertmanagerHasNotTaken_IsPostedByTheNextProcess()
    {
        using var directory = new TempDirectory();
        await using var alertmanager = await HttpReceiver.StartAsync(TimeProvider.System);
        await using var alerting = await StartAsync(o =>
        {
            o.Journal.Directory = directory.Path;
            o.Alertmanager.Urls.Add(alertmanager.Url);
            o.Delivery.InitialBackoff = TimeSpan.FromSeconds(1);
        });
        await alerting.EvaluateAsync(Candidate("error-rate"));
        await Poll.UntilAsync(() => alertmanager.Accepted.Count > 0, "the firing alert at Alertmanager");

        alertmanager.Status = 503;
        await alerting.EvaluateAsync();
        await Poll.UntilAsync(() => alertmanager.Requests.Any(r => r.Status == 503), "the refused resolve");
        Assert.Equal(1, alerting.Manager.UnsentResolves);

        await alerting.RestartAsync();
        Assert.Equal(1, alerting.Manager.UnsentResolves);
        alertmanager.Status = 200;
        await alerting.AdvanceAsync(TimeSpan.FromMinutes(1));
        await Poll.UntilAsync(() => alerting.Manager.UnsentResolves == 0, "the resolve to be taken");

        var posted = Assert.Single(alertmanager.Accepted[^1].Json.EnumerateArray());
        Assert.Equal("error-rate", posted.GetProperty("labels").GetProperty("alertname").GetString());
        Assert.True(DateTimeOffset.Parse(posted.GetProperty("endsAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture) <= alerting.Clock.GetUtcNow());

        // Taken: a third process has nothing left to tell Alertmanager.
        await alerting.RestartAsync();
        Assert.Equal(0, alerting.Manager.UnsentResolves);
    }

    [Fact]
    public async Task Restart_AfterLevelTwoAndAnAcknowledgementElsewhere_EscalationResumesAtItsLevelAndOriginalTimes()
    {
        using var directory = new TempDirectory();
        await using var alerting = await StartAsync(
            o =>
            {
                o.Journal.Directory = directory.Path;
                Levels(o, (TimeSpan.Zero, [AlertChannels.Webhook]), (TimeSpan.FromMinutes(5), [AlertChannels.Webhook]), (TimeSpan.FromMinutes(15), [AlertChannels.Webhook]));
            },
            AlertChannels.Webhook);
        await alerting.EvaluateAsync(Candidate("error-rate"), Candidate("latency-p99"));
        await alerting.AdvanceToAsync(TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(1));
        var acknowledged = alerting.Manager.Active.Single(a => a.Name == "latency-p99");
        Assert.True(alerting.Manager.Acknowledge(acknowledged.Id));

        await alerting.RestartAsync();
        await alerting.AdvanceToAsync(TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(1));

        var levels = alerting.Webhook.Accepted
            .Select(r => (At: r.At - Epoch, Group: r.Json.GetProperty("groupLabels").GetProperty("alertname").GetString(), Level: r.Json.GetProperty("alerts")[0].GetProperty("annotations").GetProperty("escalation_level").GetString()))
            .ToList();
        Assert.Equal(
            [(TimeSpan.Zero, "error-rate", "1"), (TimeSpan.Zero, "latency-p99", "1"), (TimeSpan.FromMinutes(5), "error-rate", "2"), (TimeSpan.FromMinutes(5), "latency-p99", "2"), (TimeSpan.FromMinutes(15), "error-rate", "3")],
            levels);
        var restored = alerting.Manager.Active.Single(a => a.Name == "latency-p99");
        Assert.Equal((acknowledged.Id, (DateTimeOffset?)(Epoch + TimeSpan.FromMinutes(6)), 2), (restored.Id, restored.AcknowledgedAt, restored.EscalationLevel));
        Assert.Equal(3, alerting.Manager.Active.Single(a => a.Name == "error-rate").EscalationLevel);
    }

    [Fact]
    public async Task Journal_ManyChanges_StaysWithinMaxBytesAndKeepsTheState()
    {
        using var directory = new TempDirectory();
        const long maxBytes = 64 * 1024;
        await using var alerting = await StartAsync(
            o =>
            {
                o.Journal.Directory = directory.Path;
                o.Journal.MaxBytes = maxBytes;
                o.Cooldown = TimeSpan.Zero;
                o.GroupInterval = TimeSpan.FromSeconds(1);
            },
            AlertChannels.Webhook);
        var file = Path.Combine(directory.Path, AlertJournal.FileName);
        long largest = 0;

        for (var round = 0; round < 120; round++)
        {
            await alerting.EvaluateAsync(Candidate($"flapping-{round}"), Candidate("steady"));
            await alerting.AdvanceAsync(TimeSpan.FromSeconds(1));
            await alerting.EvaluateAsync(Candidate("steady"));
            await alerting.AdvanceAsync(TimeSpan.FromSeconds(1));
            largest = Math.Max(largest, new FileInfo(file).Length);
        }

        Assert.True(alerting.Webhook.Accepted.Count >= 240, $"{alerting.Webhook.Accepted.Count} notifications");
        Assert.InRange(largest, 1, maxBytes + (16 * 1024));
        await alerting.RestartAsync();
        Assert.Equal(["steady"], alerting.Manager.Active.Select(a => a.Name));
        Assert.Equal(0, alerting.Manager.Pending(AlertChannels.Webhook));
    }

    [Fact]
    public async Task Journal_TornLastLine_IsSkippedAndTheNextRecordsAreKept()
    {
        using var directory = new TempDirectory();
        await using var alerting = await StartAsync(o => o.Journal.Directory = directory.Path, AlertChannels.Webhook);
        await alerting.Webhook.GoDownAsync();
        await alerting.EvaluateAsync(Candidate("error-rate"));
        await alerting.Manager.DisposeAsync();
        await File.AppendAllTextAsync(Path.Combine(directory.Path, AlertJournal.FileName), "{\"kind\":\"alert\",\"alert\":{\"id\":\"to", TestContext.Current.CancellationToken);

        await alerting.RestartAsync();
        await alerting.EvaluateAsync(Candidate("error-rate"), Candidate("latency-p99"));
        await alerting.RestartAsync();

        Assert.Equal(["error-rate", "latency-p99"], alerting.Manager.Active.Select(a => a.Name));
        Assert.Equal(2, alerting.Manager.Pending(AlertChannels.Webhook));
        Assert.Contains("Skipped line", alerting.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journal_DirectoryNotWritable_FailsAtStartNamingTheOption()
    {
        using var directory = new TempDirectory();
        var notADirectory = Path.Combine(directory.Path, "a-file");
        await File.WriteAllTextAsync(notADirectory, "x", TestContext.Current.CancellationToken);
        var options = SloPresets.Production();
        options.Alerting.Journal.Directory = notADirectory;

        var ex = Assert.Throws<InvalidOperationException>(() => new SloMonitor(options));

        Assert.Contains($"Slo:Alerting:Journal:Directory '{notADirectory}' is not a writable directory", ex.Message, StringComparison.Ordinal);
        options.Alerting.Journal.Directory = directory.Path;
        options.Alerting.Journal.MaxBytes = 1000;
        var invalid = Assert.Throws<ArgumentException>(() => new SloMonitor(options));
        Assert.Contains("Slo:Alerting:Journal:MaxBytes must be between 65536 (64 KiB) and 1073741824 (1 GiB) (was 1000)", invalid.Message, StringComparison.Ordinal);
    }
}
