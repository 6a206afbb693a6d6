using Cortex.Slo.Alerting;
using Cortex.Slo.Status;
using Cortex.Slo.Tests.Support;
using Cortex.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Cortex.Slo.Tests.Monitor;

public sealed class SloMonitorTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    private static (SloMonitor Monitor, FakeTimeProvider Time) Create(Action<SloOptions>? configure = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));
        var options = SloPresets.Production();
        options.Anomaly.Enabled = false;
        configure?.Invoke(options);
        return (new SloMonitor(options, timeProvider: time), time);
    }

    /// <summary>Steady traffic: <paramref name="perStep"/> requests every 30 s, a fraction <paramref name="errorRate"/> of them failing, evaluated after each step.</summary>
    private static void Run(SloMonitor monitor, FakeTimeProvider time, TimeSpan duration, double errorRate, int perStep = 100, TimeSpan? latency = null)
    {
        var failing = (int)Math.Round(perStep * errorRate);
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Step)
        {
            for (var i = 0; i < perStep; i++)
            {
                monitor.Record("op", latency ?? TimeSpan.FromMilliseconds(20), success: i >= failing);
            }

            time.Advance(Step);
            monitor.Evaluate();
        }
    }

    [Fact]
    public async Task Evaluate_ErrorsTwentyDaysAgo_StillCountAgainstTheThirtyDayBudgetAsTheExportedRuleDoes()
    {
        var (monitor, time) = Create();
        await using var _ = monitor;

        SloSamples.ErrorsTwentyDaysAgo(monitor, time);

        // What slo:period_error_budget_remaining:ratio computes over 30d: 1 - (errors / requests) / (1 - 0.999).
        var availability = monitor.GetSloStatus().Objectives.Single(o => o.Definition.Name == "availability");
        var expected = 1 - ((5.0 / 210_000) / (1 - 0.999));
        Assert.Equal(TimeSpan.FromDays(30), availability.Window);
        Assert.NotNull(availability.ErrorBudgetRemaining);
        Assert.Equal(expected, availability.ErrorBudgetRemaining.Value, 9);
        Assert.Equal(1 - (5.0 / 210_000), availability.Compliance!.Value, 9);

        // Past the 30 days the early errors leave the budget, as they leave the exported rule's range.
        time.Advance(TimeSpan.FromDays(10) + TimeSpan.FromHours(1));
        monitor.Record("op", TimeSpan.FromMilliseconds(20), success: true);
        monitor.Evaluate();
        availability = monitor.GetSloStatus().Objectives.Single(o => o.Definition.Name == "availability");
        Assert.Equal(1, availability.ErrorBudgetRemaining!.Value, 9);
    }

    [Fact]
    public async Task GenerateReportAsync_Monthly_TimelineAndBudgetCoverThirtyDays()
    {
        var (monitor, time) = Create();
        await using var _ = monitor;
        for (var i = 0; i < 1_000; i++)
        {
            monitor.Record("op", TimeSpan.FromMilliseconds(20), success: i >= 2);
        }

        monitor.Evaluate();
        var early = time.GetUtcNow();
        time.Advance(TimeSpan.FromDays(20));
        monitor.Record("op", TimeSpan.FromMilliseconds(20), success: true);
        monitor.Evaluate();

        var report = await monitor.GenerateReportAsync(ReportPeriod.Monthly, TestContext.Current.CancellationToken);

        Assert.Equal(1_001, report.Timeline.Sum(p => p.Requests));
        Assert.Contains(report.Timeline, p => p.Requests == 1_000 && p.Time <= early);
    }

    [Fact]
    public async Task Evaluate_FullErrorBurst_PagesWhenTheWorkbookMathSays()
    {
        var (monitor, time) = Create();
        await using var _ = monitor;
        var created = new List<(Alert Alert, DateTimeOffset At)>();
        monitor.AlertCreated += (_, e) => created.Add((e.Alert, time.GetUtcNow()));
        Run(monitor, time, TimeSpan.FromHours(3), errorRate: 0);
        var burstStart = time.GetUtcNow();

        Run(monitor, time, TimeSpan.FromMinutes(3), errorRate: 1);

        // 1h burn passes 14.4 once 1.44% of the last hour failed: 0.0144 × 3600 s = 51.8 s into the burst.
        var page = Assert.Single(created, c => c.Alert.Name == "burn-rate:page-fast" && c.Alert.Slo == "availability");
        var predicted = burstStart + TimeSpan.FromSeconds(51.84);
        Assert.InRange(page.At, predicted - Step, predicted + Step);
        Assert.Equal(AlertSeverity.Critical, page.Alert.Severity);
        Assert.Contains("availability", page.Alert.Summary, StringComparison.Ordinal);
        var status = monitor.GetSloStatus();
        Assert.Equal(SloHealth.Critical, status.Health);
        var availability = status.Objectives.Single(o => o.Definition.Name == "availability");
        Assert.True(availability.BurnRates["5m"] > 14.4);
        Assert.True(availability.ErrorBudgetRemaining < 1);
    }

    [Fact]
    public async Task Evaluate_TwoMinuteBlipOfFivePercent_FiresNothing()
    {
        var (monitor, time) = Create();
        await using var _ = monitor;
        var created = new List<Alert>();
        monitor.AlertCreated += (_, e) => created.Add(e.Alert);
        Run(monitor, time, TimeSpan.FromHours(3), errorRate: 0);

        Run(monitor, time, TimeSpan.FromMinutes(2), errorRate: 0.05);
        Run(monitor, time, TimeSpan.FromMinutes(30), errorRate: 0);

        Assert.DoesNotContain(created, a => a.Name.StartsWith("burn-rate:", StringComparison.Ordinal));
        Assert.Equal(SloHealth.Healthy, monitor.GetSloStatus().Objectives.Single(o => o.Definition.Name == "availability").Health);
    }

    [Fact]
    public async Task Evaluate_AfterRecovery_ThePageResolves()
    {
        var (monitor, time) = Create();
        await using var _ = monitor;
        var resolved = new List<Alert>();
        monitor.AlertResolved += (_, e) => resolved.Add(e.Alert);
        Run(monitor, time, TimeSpan.FromHours(3), errorRate: 0);
        Run(monitor, time, TimeSpan.FromMinutes(3), errorRate: 1);
        Assert.Contains(monitor.GetActiveAlerts(), a => a.Name == "burn-rate:page-fast");

        Run(monitor, time, TimeSpan.FromMinutes(10), errorRate: 0);

        Assert.DoesNotContain(monitor.GetActiveAlerts(), a => a.Name == "burn-rate:page-fast");
        var page = Assert.Single(resolved, a => a.Name == "burn-rate:page-fast");
        Assert.Equal(AlertState.Resolved, page.State);
        Assert.NotNull(page.EndsAt);
    }

    [Fact]
    public async Task Evaluate_SlowRequests_BreakTheLatencySlosAndReportThePercentile()
    {
        var (monitor, time) = Create();
        await using var _ = monitor;
        var violations = new List<string>();
        monitor.SloViolation += (_, e) => violations.Add(e.Objective.Definition.Name);

        Run(monitor, time, TimeSpan.FromMinutes(10), errorRate: 0, latency: TimeSpan.FromSeconds(3));

        var status = monitor.GetSloStatus();
        var p95 = status.Objectives.Single(o => o.Definition.Name == "latency-p95");
        Assert.False(p95.Compliant);
        Assert.InRange(p95.Observed!.Value, 2900, 3100);
        Assert.Equal(0, p95.Compliance);
        Assert.Contains("latency-p95", violations);
        Assert.True(status.Objectives.Single(o => o.Definition.Name == "latency-p99").Compliant);   // 3 s is within 5 s
        Assert.Single(violations, v => v == "latency-p95");   // raised once, not every evaluation
        Assert.InRange(status.LastFiveMinutes!.Count, 1000, 1200);   // 5 minutes of 200 a minute, give or take the partial minute
        var op = Assert.Single(status.Operations);
        Assert.Equal(("op", 2000L, 0L), (op.Operation, op.Count, op.Errors));
        Assert.Equal(TimeSpan.FromSeconds(3), op.MeanDuration);
    }

    [Fact]
    public async Task Evaluate_ErrorRateAboveCritical_CriticalAlertInhibitsTheWarningOnesNotification()
    {
        var (monitor, time) = Create();
        await using var _ = monitor;

        Run(monitor, time, TimeSpan.FromMinutes(5), errorRate: 0.1);

        var errorRate = monitor.GetSloStatus().Objectives.Single(o => o.Definition.Name == "error-rate");
        Assert.Equal(SloHealth.Critical, errorRate.Health);
        Assert.Equal(0.1, errorRate.Observed!.Value, 3);
        Assert.Contains(monitor.GetActiveAlerts(), a => a.Slo == "error-rate" && a.Severity == AlertSeverity.Critical);
    }

    [Fact]
    public async Task Evaluate_NoTraffic_IsHealthyRatherThanBelowThroughput()
    {
        var (monitor, time) = Create();
        await using var _ = monitor;
        time.Advance(TimeSpan.FromMinutes(5));

        var status = monitor.Evaluate();

        var throughput = status.Objectives.Single(o => o.Definition.Name == "throughput");
        Assert.Null(throughput.Observed);
        Assert.True(throughput.Compliant);
        Assert.Null(status.LastFiveMinutes);
    }

    [Fact]
    public async Task GetTrends_RisingLatency_PositiveSlopeAndChange()
    {
        var (monitor, time) = Create();
        await using var _ = monitor;
        Run(monitor, time, TimeSpan.FromHours(24), errorRate: 0, perStep: 2, latency: TimeSpan.FromMilliseconds(100));
        for (var hour = 0; hour < 24; hour++)
        {
            Run(monitor, time, TimeSpan.FromHours(1), errorRate: 0, perStep: 2, latency: TimeSpan.FromMilliseconds(100 + (hour * 10)));
        }

        var p95 = monitor.GetTrends().Single(t => t.Metric == "requests.p95");

        Assert.True(p95.ChangePercent > 50, $"change {p95.ChangePercent}");
        Assert.True(p95.SlopePerHour > 5, $"slope {p95.SlopePerHour}");
        Assert.Contains(monitor.GetTrends(), t => t.Metric == "availability");
    }

    [Fact]
    public async Task Evaluate_LatencyAnomalyOfAnOptedInSlo_FiresAnAlertWithItsSeverityUntilTheEpisodeEnds()
    {
        var (monitor, time) = Create(o =>
        {
            o.Anomaly.Enabled = true;
            o.Anomaly.Alerts["latency-p95"] = AlertSeverity.Warning;
        });
        await using var _ = monitor;
        var fired = new List<Alert>();
        monitor.AlertCreated += (_, e) => fired.Add(e.Alert);
        var anomalies = 0;
        monitor.AnomalyDetected += (_, _) => anomalies++;

        // An hour at 20 ms, then 400 ms: far above the baseline, yet within every latency target, so only the anomaly
        // speaks (the light traffic keeps the throughput info alert firing throughout; it is not looked at here).
        Run(monitor, time, TimeSpan.FromHours(1), 0);
        Assert.Empty(AnomalyAlerts(monitor));
        Run(monitor, time, TimeSpan.FromMinutes(6), 0, latency: TimeSpan.FromMilliseconds(400));

        Assert.True(anomalies > 0);
        var alert = Assert.Single(AnomalyAlerts(monitor));
        Assert.Equal("anomaly:latency_p95", alert.Name);
        Assert.Equal("latency-p95", alert.Slo);
        Assert.Equal(AlertSeverity.Warning, alert.Severity);
        Assert.Equal("requests", alert.Labels["series"]);
        Assert.Contains("requests latency_p95 at", alert.Summary, StringComparison.Ordinal);
        Assert.Equal([alert.Id], fired.Where(a => a.Name.StartsWith("anomaly:", StringComparison.Ordinal)).Select(a => a.Id));

        // Back to normal: the first minute inside the band ends the episode, and the alert resolves.
        Run(monitor, time, TimeSpan.FromMinutes(3), 0);
        Assert.Empty(AnomalyAlerts(monitor));
        Assert.DoesNotContain(monitor.GetActiveAlerts(), a => a.Slo.StartsWith("latency", StringComparison.Ordinal));
    }

    private static IEnumerable<Alert> AnomalyAlerts(SloMonitor monitor) => monitor.GetActiveAlerts().Where(a => a.Name.StartsWith("anomaly:", StringComparison.Ordinal));

    [Fact]
    public void Constructor_AnomalyAlertForAnUnknownOrFigurelessSlo_FailsNamingTheField()
    {
        var options = SloPresets.Production();
        options.Anomaly.Alerts["latency-p42"] = AlertSeverity.Warning;
        options.Anomaly.Alerts["cpu"] = AlertSeverity.Critical;

        var ex = Assert.Throws<ArgumentException>(() => new SloMonitor(options));

        Assert.Contains("Slo:Anomaly:Alerts: 'latency-p42' is not an SLO; use one of availability, ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Slo:Anomaly:Alerts:cpu: SLO 'cpu' has no anomaly figure", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_NamesEveryBadField()
    {
        var options = SloPresets.Production();
        options.ResponseTime.P95 = TimeSpan.Zero;
        options.Availability = 1;

        var ex = Assert.Throws<ArgumentException>(() => new SloMonitor(options));

        Assert.Contains("Slo:ResponseTime:P95 (SLO_RESPONSE_TIME_P95) must be > 0 ms (was 0 ms)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Slo:Availability (SLO_AVAILABILITY) must be above 0% and below 100% (was 100%)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BurnFactorThatCanNeverFire_FailsNamingTheRuleAndSlo()
    {
        var options = SloPresets.Production();
        options.Availability = 0.9;   // 10% budget: a 14.4× burn would need 144% errors

        var ex = Assert.Throws<ArgumentException>(() => new SloMonitor(options));

        Assert.Contains("Slo:BurnRateAlerts:0:Factor 14.4 ('page-fast') can never fire for SLO 'availability' (objective 90%): 14.4 × (1 − 0.9) = 1.44 > 1.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_MinuteRetentionShorterThanABurnWindowUnderADay_FailsNamingBothFields()
    {
        var options = SloPresets.Production();
        options.MinuteRetention = TimeSpan.FromHours(2);   // page-slow's 6 h window is counted from minutes

        var ex = Assert.Throws<ArgumentException>(() => new SloMonitor(options));

        Assert.Contains("Slo:BurnRateAlerts:1:LongWindow ('page-slow') 06:00:00 is shorter than a day, so it is counted from minutes, but Slo:MinuteRetention keeps only 02:00:00", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Slo:BurnRateAlerts:2:ShortWindow ('ticket') 06:00:00", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BurnRateAlerts:0", ex.Message, StringComparison.Ordinal);

        options.MinuteRetention = TimeSpan.FromDays(8);
        Assert.Contains("Slo:MinuteRetention must be between 1 hour and 7 days (was 8.00:00:00)", Assert.Throws<ArgumentException>(() => new SloMonitor(options)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BurnWindowLongerThanRetentionButWithinTheSloWindow_IsAccepted()
    {
        // A 14-day window: beyond the 7-day retention, within the 30-day window the hourly counts cover.
        var options = SloPresets.Production();
        options.BurnRateAlerts.Add(new BurnRateAlertRule { Name = "slow-ticket", LongWindow = TimeSpan.FromDays(14), ShortWindow = TimeSpan.FromDays(1), Factor = 1, Severity = AlertSeverity.Warning });

        Assert.Empty(SloOptionsValidator.Errors(options));
    }

    [Fact]
    public async Task AddCortexSlo_EnvironmentVariablesAndBadConfiguration_FailAtStartNamingTheField()
    {
        using var good = TestHosts.Build(new()
        {
            ["SLO_RESPONSE_TIME_P95"] = "1500",
            ["SLO_AVAILABILITY"] = "99.5",
            ["SLO_ERROR_RATE"] = "2",
            ["METRICS_RETENTION_DAYS"] = "3",
            ["ALERT_EMAIL_RECIPIENTS"] = "a@example.com, b@example.com",
        }, (services, _) => services.AddCortexSlo(o => o.Alerting.Email.Host = "smtp.example.com"));
        var options = good.Services.GetRequiredService<IOptions<SloOptions>>().Value;
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.ResponseTime.P95);
        Assert.Equal(0.995, options.Availability, 6);
        Assert.Equal(0.02, options.ErrorRate.Warning, 6);
        Assert.Equal(TimeSpan.FromDays(3), options.Retention);
        Assert.Equal(["a@example.com", "b@example.com"], options.Alerting.Email.Recipients);

        using var bad = TestHosts.Build(new() { ["slo:Availability"] = "1.5", ["slo:ResponseTime:P95"] = "-00:00:01" }, (services, config) => services.AddCortexSlo(config.GetSection("slo")));
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => bad.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Slo:Availability (SLO_AVAILABILITY) must be above 0% and below 100% (was 150%)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Slo:ResponseTime:P95", ex.Message, StringComparison.Ordinal);

        using var unparsable = TestHosts.Build(new() { ["SLO_ERROR_RATE"] = "one percent" }, (services, _) => services.AddCortexSlo());
        var parse = await Assert.ThrowsAnyAsync<Exception>(() => unparsable.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("SLO_ERROR_RATE must be a number (was 'one percent')", parse.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddCortexSlo_GroupByAndInhibitRulesInConfiguration_ReplaceTheDefaultsAndAreValidated()
    {
        using var good = TestHosts.Build(
            new()
            {
                ["slo:Alerting:GroupBy:0"] = "slo",
                ["slo:Alerting:GroupBy:1"] = "severity",
                ["slo:Alerting:InhibitRules:0:SourceMatchers:alertname"] = "error-rate",
                ["slo:Alerting:InhibitRules:0:TargetMatchers:severity"] = "warning",
                ["slo:Alerting:InhibitRules:0:Equal:0"] = "service",
            },
            (services, config) => services.AddCortexSlo(config.GetSection("slo")));
        var alerting = good.Services.GetRequiredService<IOptions<SloOptions>>().Value.Alerting;
        Assert.Equal(["slo", "severity"], alerting.GroupBy);
        var rule = Assert.Single(alerting.InhibitRules);
        Assert.Equal("error-rate", rule.SourceMatchers["alertname"]);
        Assert.Equal("warning", rule.TargetMatchers["severity"]);
        Assert.Equal(["service"], rule.Equal);

        using var bad = TestHosts.Build(
            new()
            {
                ["slo:Alerting:GroupBy:0"] = "slo",
                ["slo:Alerting:GroupBy:1"] = "slo",
                ["slo:Alerting:InhibitRules:0:Equal:0"] = "service",
            },
            (services, config) => services.AddCortexSlo(config.GetSection("slo")));
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => bad.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Slo:Alerting:GroupBy:1: 'slo' is listed twice.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Slo:Alerting:InhibitRules:0 needs at least one of SourceMatchers and one of TargetMatchers (had 0 and 0)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddCortexSlo_WebhookUrlInvalid_ErrorNamesTheVariableNotTheValue()
    {
        using var host = TestHosts.Build(new() { ["ALERT_WEBHOOK_URL"] = "not a url?token=s3cret" }, (services, _) => services.AddCortexSlo());

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("ALERT_WEBHOOK_URL", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddCortexSlo_HostRunning_EvaluatesOnItsLoopAndReportsHealth()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));
        using var host = await StartHostAsync(time);
        var monitor = host.Services.GetRequiredService<SloMonitor>();
        monitor.Record("op", TimeSpan.FromMilliseconds(5), success: true);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (monitor.GetSloStatus().LastFiveMinutes is null && DateTime.UtcNow < deadline)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, monitor.GetSloStatus().LastFiveMinutes?.Count);
        var health = await host.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);
        Assert.Contains("cortex-slo", health.Entries.Keys);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task SloHealthCheck_NoDataYet_SaysThereIsNoData()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));
        using var host = await StartHostAsync(time);
        var monitor = host.Services.GetRequiredService<SloMonitor>();
        monitor.EvaluateNow();

        var health = await host.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        var description = health.Entries["cortex-slo"].Description ?? "";
        Assert.Contains("no data", description, StringComparison.OrdinalIgnoreCase);
        // Only the process SLOs (CPU, memory) have a sample this early; the request SLOs are not judged "within target".
        Assert.DoesNotContain($"All {monitor.Definitions.Count} SLOs within target", description, StringComparison.Ordinal);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<IHost> StartHostAsync(FakeTimeProvider time)
    {
        var host = TestHosts.Build([], (services, _) =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddCortexSlo(o => o.EvaluationInterval = TimeSpan.FromSeconds(10));
        });
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }
}
