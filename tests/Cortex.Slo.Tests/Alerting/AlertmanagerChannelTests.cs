using System.Diagnostics;
using System.Text.Json;
using Cortex.Slo.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Cortex.Slo.Tests.Support.AlertingHarness;

namespace Cortex.Slo.Tests.Alerting;

/// <summary>The Alertmanager channel against the real Alertmanager binary, which notifies a webhook receiver in the test.</summary>
public sealed class AlertmanagerChannelTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Alertmanager_ThreeReplicasFireTheSameSlo_ReceiverGetsOneNotificationThenOneResolve()
    {
        await using var receiver = await HttpReceiver.StartAsync(TimeProvider.System);
        await using var alertmanager = await AlertmanagerServer.StartOrSkipAsync(receiver.Url);
        var generator = new Uri("http://checkout.internal/system/status");
        List<AlertingHarness> replicas = [];
        try
        {
            for (var i = 0; i < 3; i++)
            {
                replicas.Add(await StartNowAsync(o =>
                {
                    o.Alertmanager.Urls.Add(alertmanager.Url);
                    o.Alertmanager.GeneratorUrl = generator;
                }));
            }

            foreach (var replica in replicas)
            {
                await replica.EvaluateAsync(Candidate("burn-rate:page-fast", slo: "availability"));
            }

            var firing = await NextAsync(receiver, 1, alertmanager);
            Assert.Equal("firing", firing.GetProperty("status").GetString());
            var alert = Assert.Single(firing.GetProperty("alerts").EnumerateArray());
            var labels = alert.GetProperty("labels");
            Assert.Equal(("burn-rate:page-fast", "availability", "critical", "checkout", "search"), (Label(labels, "alertname"), Label(labels, "slo"), Label(labels, "severity"), Label(labels, "service"), Label(labels, "operation")));
            Assert.Contains("812 ms", alert.GetProperty("annotations").GetProperty("summary").GetString(), StringComparison.Ordinal);
            Assert.Equal(generator.AbsoluteUri, alert.GetProperty("generatorURL").GetString());

            foreach (var replica in replicas)
            {
                await replica.EvaluateAsync();
            }

            var resolved = await NextAsync(receiver, 2, alertmanager);
            Assert.Equal("resolved", resolved.GetProperty("status").GetString());
            Assert.Single(resolved.GetProperty("alerts").EnumerateArray());
            Assert.Equal(2, receiver.Requests.Count);
            Assert.All(replicas, r => Assert.Equal(0, r.Manager.UnsentResolves));
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Alertmanager_Down_ResolveIsKeptAndPostedWhenItIsBack()
    {
        await using var receiver = await HttpReceiver.StartAsync(TimeProvider.System);
        await using var alertmanager = await AlertmanagerServer.StartOrSkipAsync(receiver.Url);
        await using var down = await HttpReceiver.StartAsync(TimeProvider.System);
        down.Status = 503;
        await using var replica = await StartNowAsync(o =>
        {
            o.Alertmanager.Urls.Add(alertmanager.Url);
            o.Alertmanager.Urls.Add(down.Url);
            o.Delivery.InitialBackoff = TimeSpan.FromSeconds(1);
        });

        await replica.EvaluateAsync(Candidate("error-rate", slo: "error-rate"));
        await NextAsync(receiver, 1, alertmanager);
        await replica.EvaluateAsync();
        await NextAsync(receiver, 2, alertmanager);
        Assert.Equal(1, replica.Manager.UnsentResolves);

        // A retry comes within the resend interval, however many attempts failed before.
        down.Status = 200;
        await replica.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.True(replica.Manager.UnsentResolves == 0, $"{replica.Manager.UnsentResolves} unsent; the second instance got {string.Join(", ", down.Requests.Select(r => $"{r.Status} at {r.At - replica.Clock.GetUtcNow()}"))}; {replica.Logs.All}");
        var last = down.Requests.Last().Json;
        var posted = Assert.Single(last.EnumerateArray());
        Assert.True(DateTimeOffset.Parse(posted.GetProperty("endsAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture) <= replica.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Alertmanager_StillFiring_IsPostedAgainEveryResendIntervalEndingFourIntervalsAhead()
    {
        await using var alertmanager = await HttpReceiver.StartAsync(TimeProvider.System);
        await using var replica = await StartAsync(o =>
        {
            o.Alertmanager.Urls.Add(alertmanager.Url);
            o.Alertmanager.ResendInterval = TimeSpan.FromSeconds(30);
        });

        // The first post may come twice (the loop's first pass and the new alert's wake-up can both see it): harmless to Alertmanager.
        await replica.EvaluateAsync(Candidate("error-rate", slo: "error-rate"));
        var first = alertmanager.Requests.Count;
        Assert.InRange(first, 1, 2);
        await replica.AdvanceAsync(TimeSpan.FromSeconds(29));
        Assert.Equal(first, alertmanager.Requests.Count);
        await replica.AdvanceAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(first + 1, alertmanager.Requests.Count);
        Assert.All(alertmanager.Requests, r => Assert.EndsWith("/api/v2/alerts", r.Path, StringComparison.Ordinal));
        var endsAt = alertmanager.Requests.Select(r => DateTimeOffset.Parse(r.Json[0].GetProperty("endsAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture) - Epoch).ToList();
        Assert.Equal([.. Enumerable.Repeat(TimeSpan.FromMinutes(2), first), TimeSpan.FromSeconds(150)], endsAt);
        Assert.All(alertmanager.Requests, r => Assert.Equal(Epoch, DateTimeOffset.Parse(r.Json[0].GetProperty("startsAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.DoesNotContain("s3cr3t", replica.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddCortexSlo_AlertmanagerUrl_ListsEveryInstanceAndABadOneNamesTheVariableNotTheValue()
    {
        using var host = Cortex.Tests.Shared.TestHosts.Build(new() { ["ALERTMANAGER_URL"] = "http://am-0:9093, http://am-1:9093" }, (services, _) => services.AddCortexSlo());
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SloOptions>>().Value;
        Assert.Equal(["http://am-0:9093/", "http://am-1:9093/"], options.Alerting.Alertmanager.Urls.Select(u => u.AbsoluteUri));

        using var bad = Cortex.Tests.Shared.TestHosts.Build(new() { ["ALERTMANAGER_URL"] = "http://am-0:9093,not-a-url-s3cret" }, (services, _) => services.AddCortexSlo());
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => bad.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("ALERTMANAGER_URL holds an entry that is not an absolute URL", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", ex.ToString(), StringComparison.Ordinal);

        var slow = SloPresets.Production();
        slow.Alerting.Alertmanager.ResendInterval = TimeSpan.FromHours(2);
        Assert.Contains("Slo:Alerting:Alertmanager:ResendInterval must be between 1 second and 1 hour (was 02:00:00).", SloOptionsValidator.Errors(slow));
    }

    private static string? Label(JsonElement labels, string name) => labels.GetProperty(name).GetString();

    private static async Task<JsonElement> NextAsync(HttpReceiver receiver, int count, AlertmanagerServer alertmanager)
    {
        var waited = Stopwatch.StartNew();
        while (receiver.Requests.Count < count)
        {
            Assert.True(waited.Elapsed < Patience, $"Alertmanager sent {receiver.Requests.Count} notifications within {Patience}, not {count}; its log: {alertmanager.Output}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return receiver.Requests.ElementAt(count - 1).Json;
    }
}
