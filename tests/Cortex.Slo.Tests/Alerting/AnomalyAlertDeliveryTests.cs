using System.Text.Json;
using Cortex.Slo.Alerting;
using Cortex.Slo.Status;
using Cortex.Slo.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Cortex.Slo.Tests.Support.AlertingHarness;

namespace Cortex.Slo.Tests.Alerting;

/// <summary>An anomaly alert (Slo:Anomaly:Alerts) driven from recorded requests through evaluation, grouping and the outbox to a real HTTP webhook.</summary>
public sealed class AnomalyAlertDeliveryTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Monitor_LatencyAnomalyOfAnOptedInSlo_ReachesTheWebhookWithItsLabelsThenItsResolve()
    {
        var clock = new FakeTimeProvider(Epoch);
        await using var receiver = await HttpReceiver.StartAsync(clock);
        var services = new ServiceCollection();
        services.AddAlertHttpClient();
        await using var provider = services.BuildServiceProvider();
        var options = SloPresets.Production();
        options.ServiceName = "checkout";
        options.Anomaly.Enabled = true;
        options.Anomaly.Alerts["latency-p95"] = AlertSeverity.Warning;
        options.Alerting.GroupWait = TimeSpan.Zero;
        options.Alerting.Webhook.Url = receiver.Url;
        Levels(options.Alerting, (TimeSpan.Zero, [AlertChannels.Webhook]));
        await using var monitor = new SloMonitor(options, provider.GetRequiredService<IHttpClientFactory>(), clock);

        // An hour at 20 ms makes the baseline; then 400 ms, far above it yet within every latency target.
        await RunAsync(monitor, clock, TimeSpan.FromHours(1), TimeSpan.FromMilliseconds(20), started: false);
        await monitor.StartAsync(TestContext.Current.CancellationToken);
        await RunAsync(monitor, clock, TimeSpan.FromMinutes(6), TimeSpan.FromMilliseconds(400));
        var fired = await UntilAsync(monitor, clock, receiver, "firing", TimeSpan.FromMilliseconds(400));

        var alert = Assert.Single(fired.GetProperty("alerts").EnumerateArray());
        var labels = alert.GetProperty("labels");
        Assert.Equal("anomaly:latency_p95", labels.GetProperty("alertname").GetString());
        Assert.Equal("latency-p95", labels.GetProperty("slo").GetString());
        Assert.Equal("warning", labels.GetProperty("severity").GetString());
        Assert.Equal("requests", labels.GetProperty("series").GetString());
        Assert.Equal("checkout", labels.GetProperty("service").GetString());
        Assert.Contains("requests latency_p95 at", alert.GetProperty("annotations").GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal("firing", alert.GetProperty("status").GetString());

        // Back to normal: the episode ends, the alert resolves and the webhook hears it.
        await RunAsync(monitor, clock, TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(20));
        var resolved = await UntilAsync(monitor, clock, receiver, "resolved", TimeSpan.FromMilliseconds(20));
        var ended = Assert.Single(resolved.GetProperty("alerts").EnumerateArray());
        Assert.Equal("resolved", ended.GetProperty("status").GetString());
        Assert.Equal(alert.GetProperty("fingerprint").GetString(), ended.GetProperty("fingerprint").GetString());
        Assert.Single(receiver.Requests, r => IsAnomaly(r.Json) && r.Json.GetProperty("status").GetString() == "firing");
    }

    private static bool IsAnomaly(JsonElement json) =>
        json.GetProperty("groupLabels").GetProperty("alertname").GetString() == "anomaly:latency_p95";

    /// <summary>Two requests every 30 s at <paramref name="latency"/>, evaluated after each step, letting each delivery finish once the monitor has <paramref name="started"/>.</summary>
    private static async Task RunAsync(SloMonitor monitor, FakeTimeProvider clock, TimeSpan duration, TimeSpan latency, bool started = true)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Step)
        {
            monitor.Record("op", latency, success: true);
            monitor.Record("op", latency, success: true);
            clock.Advance(Step);
            monitor.EvaluateNow();
            // A delivery in flight while the fake clock jumps would time out on it and be sent again (at-least-once):
            // let each one finish before time moves on, as real time would.
            if (started)
            {
                await Poll.UntilAsync(() => monitor.IsAlertingIdle, "the alert loops to go idle");
            }
            else
            {
                await Task.Yield();
            }
        }
    }

    /// <summary>Steps on (traffic at <paramref name="latency"/>) until the webhook got the anomaly group's notification with that status; at most an hour of fake time.</summary>
    private static async Task<JsonElement> UntilAsync(SloMonitor monitor, FakeTimeProvider clock, HttpReceiver receiver, string status, TimeSpan latency)
    {
        for (var i = 0; i < 120; i++)
        {
            await Poll.UntilAsync(() => monitor.IsAlertingIdle, "the alert loops to go idle");
            if (receiver.Requests.FirstOrDefault(r => IsAnomaly(r.Json) && r.Json.GetProperty("status").GetString() == status) is { } found)
            {
                return found.Json;
            }

            await RunAsync(monitor, clock, Step, latency);
        }

        Assert.Fail($"The webhook got no {status} notification of the anomaly alert: {string.Join(", ", receiver.Requests.Select(r => r.Json.GetProperty("groupLabels").GetProperty("alertname").GetString() + " " + r.Json.GetProperty("status").GetString()))}");
        return default;
    }
}
