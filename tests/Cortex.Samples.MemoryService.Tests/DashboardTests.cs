using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Cortex.Qdrant.Pooling;
using Cortex.Samples.MemoryService.Embedded;
using Cortex.Tests.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenQA.Selenium;
using static Cortex.Samples.MemoryService.Tests.MemoryServiceFixture;

namespace Cortex.Samples.MemoryService.Tests;

public sealed class DashboardTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dashboard_InBrowser_ShowsStatusFiguresAndFollowsLoad()
    {
        using var browser = HeadlessChromium.StartOrSkip();
        await using var app = await StartAsync(new() { ["dashboard:sampleInterval"] = "00:00:00.500", ["slo:EvaluationInterval"] = "00:00:01" });
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        browser.Driver.Navigate().GoToUrl(new Uri(http.BaseAddress, "/cortex/"));
        browser.WaitFor(d => Snapshots(d) >= 1, "the page rendered a snapshot");
        Assert.Equal("", browser.Driver.FindElement(By.Id("error")).Text);

        // Idle, the page shows what /system/status says.
        var before = await ZaiRequestsAsync(http);
        browser.WaitFor(d => Figure(d, "zai-requests") == Format(before), $"the page shows Z.AI requests {before} as /system/status does");
        Assert.Equal("healthy", Figure(browser.Driver, "health"));

        // A bounded load: the figures move while it runs and settle on /system/status's again.
        var project = NewProject();
        for (var i = 0; i < 12; i++)
        {
            using var store = await http.PostAsJsonAsync("/memory/store", new { items = new[] { Item("entity", new { title = $"dashboard {i}" }, project) } }, Ct);
            Assert.True(store.IsSuccessStatusCode);
            using var find = await http.PostAsJsonAsync("/memory/find", new { query = $"dashboard {i}", scope = new { project } }, Ct);
            Assert.True(find.IsSuccessStatusCode);
            if (i == 5)
            {
                browser.WaitFor(d => Number(Figure(d, "zai-requests")) > before, "the Z.AI requests grow while the load runs");
            }
        }

        var after = await ZaiRequestsAsync(http);
        Assert.True(after >= before + 24, $"Z.AI requests {before} -> {after}");
        browser.WaitFor(d => Figure(d, "zai-requests") == Format(after), $"the page shows Z.AI requests {after} as /system/status does");
        var qdrant = await QdrantNodeAsync(http);
        browser.WaitFor(d => d.FindElement(By.Id("qdrant-nodes")).Text.Contains(qdrant, StringComparison.Ordinal), $"the Qdrant node {qdrant} is listed");

        // The service's own requests reach the SLO monitor: the charts draw lines, the overview a throughput.
        browser.WaitFor(d => d.FindElements(By.CssSelector("#chart-throughput polyline")).Count > 0 && d.FindElements(By.CssSelector("#chart-latency polyline")).Count > 0,
            "the throughput and latency charts draw their lines", TimeSpan.FromSeconds(90));
        browser.WaitFor(d => Figure(d, "throughput") != "no data" && Figure(d, "slo-compliance") != "no data", "the overview shows a throughput and SLO compliance");

        // Once there are several samples with data, the line spans most of the plot, not a dot at its right-hand end.
        browser.WaitFor(d => LineSpan(d, "chart-throughput") >= 0.8, "the throughput line spans most of the plot width", TimeSpan.FromSeconds(90));

        var screenshot = browser.SaveScreenshot("dashboard.png");
        TestContext.Current.AddAttachment("dashboard.png", await File.ReadAllBytesAsync(screenshot, Ct), "image/png");
    }

    [Fact]
    public async Task Dashboard_ByDefault_RequiresTheHostsAuthorization()
    {
        await using var app = await StartAsync(new() { ["dashboard:allowAnonymous"] = "false" }, builder =>
            builder.Services.AddAuthentication(TestAuthentication.SchemeName).AddScheme<AuthenticationSchemeOptions, TestAuthentication>(TestAuthentication.SchemeName, null));
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        foreach (var path in new[] { "/cortex/", "/cortex/api/v1/snapshot" })
        {
            using var anonymous = await http.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add(TestAuthentication.Header, "operator");
            using var signedIn = await http.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        }
    }

    [Fact]
    public async Task Dashboard_SecretsConfigured_NoneInThePageOrTheJson()
    {
        const string Secret = "s3cret";
        await using var app = await StartAsync(new()
        {
            ["ALERT_WEBHOOK_URL"] = $"https://hooks.example.com/services/T000/{Secret}-hook?token={Secret}-token",
            ["dashboard:sampleInterval"] = "00:00:00.500",
        }, builder => builder.Services.Configure<QdrantPoolOptions>(o => o.Nodes.Add(new QdrantNode
        {
            // A second node, down, whose address carries credentials and which has an API key of its own.
            Id = "secured",
            Url = $"http://admin:{Secret}-password@127.0.0.1:1/?api-key={Secret}-query",
            ApiKey = $"{Secret}-qdrant-key",
        })));
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        var zaiKey = app.Services.GetRequiredService<EmbeddedServices>().Zai!.ApiKey;
        var project = NewProject();
        for (var i = 0; i < 3; i++)
        {
            using var store = await http.PostAsJsonAsync("/memory/store", new { items = new[] { Item("entity", new { title = $"secret {i}" }, project) } }, Ct);
        }

        // Give the dashboard a few samples, so the down node's failure is in the health descriptions and the history.
        string json = "";
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(500, Ct);
            json = await http.GetStringAsync("/cortex/api/v1/snapshot", Ct);
        }
        while (!json.Contains("\"secured\"", StringComparison.Ordinal) && DateTime.UtcNow < deadline);
        var page = await http.GetStringAsync("/cortex/", Ct);

        Assert.Contains("\"secured\"", json, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", json, StringComparison.Ordinal);
        foreach (var text in new[] { json, page })
        {
            Assert.DoesNotContain(Secret, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(zaiKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain("admin:", text, StringComparison.Ordinal);
        }

        using var document = JsonDocument.Parse(json);
        Assert.Equal(1, document.RootElement.GetProperty("schemaVersion").GetInt32());
    }

    [Fact]
    public async Task Acknowledge_FiringAlert_AllowedWhenTheHostOptsInAndReachesTheMonitor()
    {
        await using var app = await StartAsync(new() { ["dashboard:allowAcknowledge"] = "true" });
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        var alert = await FireAlertAsync(app);

        using (var withoutHeader = await http.PostAsync($"/cortex/api/v1/alerts/{Uri.EscapeDataString(alert.Id)}/acknowledge", null, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, withoutHeader.StatusCode);
        }

        Assert.Null(Active(app, alert.Id).AcknowledgedAt);
        using (var unknown = await AcknowledgeAsync(http, "no-such-alert"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using (var acknowledged = await AcknowledgeAsync(http, alert.Id))
        {
            Assert.Equal(HttpStatusCode.NoContent, acknowledged.StatusCode);
        }

        Assert.NotNull(Active(app, alert.Id).AcknowledgedAt);
        using var snapshot = JsonDocument.Parse(await http.GetStringAsync("/cortex/api/v1/snapshot", Ct));
        Assert.True(snapshot.RootElement.GetProperty("canAcknowledge").GetBoolean());
        var shown = snapshot.RootElement.GetProperty("alerts").EnumerateArray().Single(a => a.GetProperty("id").GetString() == alert.Id);
        Assert.NotEqual(JsonValueKind.Null, shown.GetProperty("acknowledgedAt").ValueKind);
    }

    [Fact]
    public async Task Options_FromTheDashboardSection_DurationInMillisecondsAndHistoryLengthApply()
    {
        // Milliseconds, as config/production.json writes durations: 250 is a quarter second, not 250 days.
        await using var app = await StartAsync(new() { ["dashboard:sampleInterval"] = "250", ["dashboard:historyLength"] = "10" });
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        // A point every 250 ms fills the 10 points in about 2.5 s; the default (5 s, 360 points) would take 50 s.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        int points;
        do
        {
            await Task.Delay(250, Ct);
            points = await HistoryPointsAsync(http);
        }
        while (points < 10 && DateTime.UtcNow < deadline);

        Assert.Equal(10, points);
        await Task.Delay(1000, Ct);
        Assert.Equal(10, await HistoryPointsAsync(http));
    }

    [Fact]
    public async Task Options_UnreadableValueInTheDashboardSection_FailsAtStartNamingTheKey()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(new() { ["dashboard:sampleInterval"] = "soon" }));

        Assert.Contains("dashboard:sampleInterval", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a duration", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acknowledge_HostDoesNotOptIn_IsRefusedAndTheAlertStaysUnacknowledged()
    {
        await using var app = await StartAsync(new() { ["dashboard:allowAcknowledge"] = "false" });
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        var alert = await FireAlertAsync(app);

        using var refused = await AcknowledgeAsync(http, alert.Id);

        Assert.False(refused.IsSuccessStatusCode, $"{(int)refused.StatusCode}");
        Assert.Null(Active(app, alert.Id).AcknowledgedAt);
        using var snapshot = JsonDocument.Parse(await http.GetStringAsync("/cortex/api/v1/snapshot", Ct));
        Assert.False(snapshot.RootElement.GetProperty("canAcknowledge").GetBoolean());
    }

    [Fact]
    public async Task LoadTestPanel_RunningLoadTest_ProgressInTheSnapshotAndThePage()
    {
        using var browser = HeadlessChromium.StartOrSkip();
        await using var app = await StartAsync(new() { ["dashboard:sampleInterval"] = "00:00:00.500" });
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var optimizer = app.Services.GetRequiredService<Cortex.Production.ProductionOptimizer>();
        var run = Task.Run(() => optimizer.RunProductionLoadTestAsync("smoke", new Cortex.LoadTesting.PresetScale(DurationFactor: 2, LoadFactor: 0.4), stop.Token), Ct);
        try
        {
            // The JSON: a running test whose requests grow.
            JsonElement loadTest = default;
            var deadline = DateTime.UtcNow.AddSeconds(90);
            do
            {
                await Task.Delay(500, Ct);
                Assert.False(run.IsFaulted, run.Exception?.ToString());
                using var snapshot = JsonDocument.Parse(await http.GetStringAsync("/cortex/api/v1/snapshot", Ct));
                loadTest = snapshot.RootElement.GetProperty("loadTest").Clone();
            }
            while ((loadTest.ValueKind != JsonValueKind.Object || !loadTest.GetProperty("running").GetBoolean() || loadTest.GetProperty("requests").GetInt64() == 0) && DateTime.UtcNow < deadline);

            Assert.Equal(JsonValueKind.Object, loadTest.ValueKind);
            Assert.True(loadTest.GetProperty("running").GetBoolean());
            Assert.True(loadTest.GetProperty("requests").GetInt64() > 0);
            Assert.InRange(loadTest.GetProperty("progress").GetDouble(), double.Epsilon, 1);
            Assert.Equal(120_000, loadTest.GetProperty("plannedDuration").GetDouble());

            // The page: the panel says it runs, with the requests so far.
            browser.Driver.Navigate().GoToUrl(new Uri(http.BaseAddress, "/cortex/"));
            browser.WaitFor(d => d.FindElements(By.CssSelector("[data-figure='loadtest-state']")).Count == 1 && Figure(d, "loadtest-state") == "running", "the load-test panel shows a running test");
            browser.WaitFor(d => d.FindElement(By.Id("loadtest")).Text.Contains("of 120 s", StringComparison.Ordinal), "the panel shows the planned duration");
            Assert.DoesNotContain("no load test has run", browser.Driver.FindElement(By.Id("loadtest")).Text, StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await run;
            }
            catch (OperationCanceledException)
            {
                // Stopped by the test.
            }
        }
    }

    /// <summary>Feeds the host's SLO monitor failing requests until an alert fires, as a broken dependency would.</summary>
    private static async Task<Cortex.Slo.Alerting.Alert> FireAlertAsync(WebApplication app)
    {
        var monitor = app.Services.GetRequiredService<Cortex.Slo.SloMonitor>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            for (var i = 0; i < 200; i++)
            {
                monitor.Record("memory_find", TimeSpan.FromMilliseconds(5), success: false);
            }

            monitor.EvaluateNow();
            var alerts = monitor.GetActiveAlerts();
            if (alerts.Count > 0)
            {
                return alerts[0];
            }

            await Task.Delay(250, Ct);
        }

        throw new TimeoutException("No alert fired after a minute of failing requests.");
    }

    private static Cortex.Slo.Alerting.Alert Active(WebApplication app, string id) =>
        app.Services.GetRequiredService<Cortex.Slo.SloMonitor>().GetActiveAlerts().Single(a => a.Id == id);

    private static async Task<HttpResponseMessage> AcknowledgeAsync(HttpClient http, string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/cortex/api/v1/alerts/{Uri.EscapeDataString(id)}/acknowledge");
        request.Headers.Add("X-Cortex-Dashboard", "1");
        return await http.SendAsync(request, Ct);
    }

    private static async Task<WebApplication> StartAsync(Dictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var app = await MemoryServiceHost.BuildAsync(["--urls", "http://127.0.0.1:0", "--environment", "Development"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            configure?.Invoke(builder);
        }, Ct);
        await app.StartAsync(Ct);
        return app;
    }

    private static async Task<int> HistoryPointsAsync(HttpClient http)
    {
        using var snapshot = JsonDocument.Parse(await http.GetStringAsync("/cortex/api/v1/snapshot", Ct));
        return snapshot.RootElement.GetProperty("history").GetArrayLength();
    }

    private static async Task<long> ZaiRequestsAsync(HttpClient http)
    {
        using var status = JsonDocument.Parse(await http.GetStringAsync("/system/status", Ct));
        return status.RootElement.GetProperty("components").GetProperty("zai").GetProperty("requests").GetInt64();
    }

    private static async Task<string> QdrantNodeAsync(HttpClient http)
    {
        using var status = JsonDocument.Parse(await http.GetStringAsync("/system/status", Ct));
        return status.RootElement.GetProperty("components").GetProperty("qdrant").GetProperty("nodes")[0].GetProperty("nodeId").GetString()!;
    }

    private static int Snapshots(IWebDriver driver) =>
        int.TryParse(driver.FindElement(By.TagName("body")).GetDomAttribute("data-snapshots"), CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>The drawn line's width over the plot's (both in the chart's own units, 600 wide with 40 of margins).</summary>
    private static double LineSpan(IWebDriver driver, string chart) =>
        Convert.ToDouble(((IJavaScriptExecutor)driver).ExecuteScript(
            $"const l = document.querySelector('#{chart} polyline'); return l && l.points.length >= 3 ? l.getBBox().width / 560 : 0;"), CultureInfo.InvariantCulture);

    private static string Figure(IWebDriver driver, string name) => driver.FindElement(By.CssSelector($"[data-figure='{name}']")).Text.Trim();

    private static long Number(string text) => long.TryParse(text.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture, out var n) ? n : -1;

    private static string Format(long value) => value.ToString("N0", CultureInfo.GetCultureInfo("en-US"));

    /// <summary>Signs in whoever sends the header; challenges with 401 otherwise (the default challenge).</summary>
    private sealed class TestAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "test";
        public const string Header = "X-Test-User";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
            Task.FromResult(Request.Headers.TryGetValue(Header, out var user)
                ? AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.ToString())], SchemeName)), SchemeName))
                : AuthenticateResult.NoResult());
    }
}
