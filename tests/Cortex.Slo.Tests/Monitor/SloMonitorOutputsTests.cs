using System.Diagnostics.Metrics;
using Cortex.Abstractions.Telemetry;
using Cortex.Slo.Reports;
using Cortex.Slo.Status;
using Cortex.Slo.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using YamlDotNet.RepresentationModel;

namespace Cortex.Slo.Tests.Monitor;

/// <summary>What the monitor hands out: reports, exports, meter values, and history across a restart.</summary>
[Collection(nameof(Inputs.SloMeterInputsTests))]
public sealed class SloMonitorOutputsTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    private static void Run(SloMonitor monitor, FakeTimeProvider time, TimeSpan duration, double errorRate)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Step)
        {
            for (var i = 0; i < 100; i++)
            {
                monitor.Record("op", TimeSpan.FromMilliseconds(15), success: i >= errorRate * 100);
            }

            time.Advance(Step);
            monitor.Evaluate();
        }
    }

    private static (SloMonitor, FakeTimeProvider) Create(string? snapshot = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));
        var options = SloPresets.Production();
        options.Anomaly.Enabled = false;
        options.SnapshotPath = snapshot;
        return (new SloMonitor(options, timeProvider: time), time);
    }

    [Fact]
    public async Task GenerateReportAsync_AfterAnIncident_ReportsComplianceBudgetAndTheIncident()
    {
        var (monitor, time) = Create();
        await using var _ = monitor;
        Run(monitor, time, TimeSpan.FromHours(3), 0);
        Run(monitor, time, TimeSpan.FromMinutes(3), 1);
        Run(monitor, time, TimeSpan.FromMinutes(15), 0);

        var report = await monitor.GenerateReportAsync(ReportPeriod.Daily, TestContext.Current.CancellationToken);

        var availability = Assert.Single(report.Compliance, c => c.Name == "availability");
        Assert.False(availability.Compliant);
        Assert.True(availability.ErrorBudgetRemaining < 0, $"budget {availability.ErrorBudgetRemaining}");   // 600 of 39,600 failed: far beyond 0.1%
        Assert.Contains(report.Incidents, i => i.AlertName == "burn-rate:page-fast");
        Assert.NotEmpty(report.Recommendations);
        Assert.Contains("<svg", SloReports.ToHtml(report), StringComparison.Ordinal);
        Assert.Equal(SloReports.ToJson(report), SloReports.ToJson(SloReports.FromJson(SloReports.ToJson(report))));
    }

    [Fact]
    public async Task GenerateReportAsync_TwentyMinutesOfTraffic_DrawsTheTimelineByTheMinuteFromTheFirstRequest()
    {
        var (monitor, time) = Create();
        await using var _ = monitor;
        time.Advance(TimeSpan.FromMinutes(17));                 // traffic starts mid-hour
        Run(monitor, time, TimeSpan.FromMinutes(20), 0);

        var report = await monitor.GenerateReportAsync(ReportPeriod.Daily, TestContext.Current.CancellationToken);

        // Hourly, this is one or two points: a dot at the end of a day's axis. By the minute it is a line.
        Assert.InRange(report.Timeline.Count, 20, 21);
        Assert.Equal(time.GetUtcNow().AddMinutes(-20), report.Timeline[0].Time);
        Assert.Equal(4_000, report.Timeline.Sum(p => p.Requests));
        var html = SloReports.ToHtml(report);
        var requests = System.Text.RegularExpressions.Regex.Match(html, "<svg id=\"chart-requests\".*?<polyline[^>]*points=\"([^\"]*)\"", System.Text.RegularExpressions.RegexOptions.Singleline);
        var xs = requests.Groups[1].Value.Split(' ').Select(pt => double.Parse(pt.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(xs.Count >= 20, $"{xs.Count} points drawn");
        Assert.True(xs.Max() - xs.Min() > 600, $"the line spans {xs.Max() - xs.Min()} of the chart's 688 px");
    }

    [Fact]
    public async Task GetTrends_TenMinutesOfTraffic_ThroughputAgreesWithTheThroughputSlo()
    {
        var (monitor, time) = Create();
        await using var _ = monitor;
        time.Advance(TimeSpan.FromMinutes(17));
        Run(monitor, time, TimeSpan.FromMinutes(10), 0);

        var slo = monitor.GetSloStatus().Objectives.Single(o => o.Definition.Name == "throughput").Observed!.Value;
        var trend = monitor.GetTrends().Single(t => t.Metric == "requests.throughput").Current!.Value;

        // 100 requests every 30 s: 3.33 req/s, whether judged over 5 minutes or averaged over the hour they fell in.
        // (The SLO's 5-minute window counts whole minutes, so it may read up to one batch more.)
        Assert.InRange(slo, 100 / 30.0, 110 / 30.0);
        Assert.InRange(trend, 100 / 30.0 * 0.95, 110 / 30.0);
    }

    [Fact]
    public async Task ExportPrometheusRulesAndOpenSlo_FromTheMonitorsDefinitions_Parse()
    {
        var (monitor, _) = Create();
        await using var _ = monitor;

        var rules = new YamlStream();
        rules.Load(new StringReader(monitor.ExportPrometheusRules()));
        var openSlo = new YamlStream();
        openSlo.Load(new StringReader(monitor.ExportOpenSlo()));

        var text = monitor.ExportPrometheusRules();
        Assert.Contains("14.4", text, StringComparison.Ordinal);
        Assert.Contains("[1h]", text, StringComparison.Ordinal);
        Assert.Contains(openSlo.Documents, d => d.RootNode.ToString().Contains("availability", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Meter_AfterEvaluation_PublishesBudgetBurnAndCompliance()
    {
        var (monitor, time) = Create();
        await using var _ = monitor;
        Run(monitor, time, TimeSpan.FromMinutes(10), 0.01);
        var seen = new Dictionary<string, double>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CortexTelemetry.Slo)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            string? slo = null, window = null;
            foreach (var tag in tags)
            {
                slo = tag.Key == CortexTags.SloName ? tag.Value as string : slo;
                window = tag.Key == "cortex.slo.window" ? tag.Value as string : window;
            }

            seen[$"{instrument.Name}|{slo}|{window}"] = value;
        });
        listener.Start();

        listener.RecordObservableInstruments();

        Assert.Equal(0.99, seen["cortex.slo.compliance|availability|"], 3);
        Assert.True(seen["cortex.slo.error_budget.remaining|availability|"] < 0);
        Assert.Equal(10, seen["cortex.slo.burn_rate|availability|5m"], 1);
    }

    [Fact]
    public async Task Snapshot_StopAndStartAgain_KeepsHistory()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cortex-slo-{Guid.NewGuid():N}.json");
        try
        {
            var (first, time) = Create(path);
            await first.StartAsync(TestContext.Current.CancellationToken);
            Run(first, time, TimeSpan.FromMinutes(20), 0.02);
            var before = first.Evaluate().LastHour!;
            await first.DisposeAsync();

            var (second, time2) = Create(path);
            time2.SetUtcNow(time.GetUtcNow());
            await using var _ = second;
            await second.StartAsync(TestContext.Current.CancellationToken);
            var after = second.Evaluate().LastHour!;

            Assert.Equal(before.Count, after.Count);
            Assert.Equal(before.ErrorCount, after.ErrorCount);
            Assert.Equal(before.P95, after.P95);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Snapshot_RestartAfterErrorsTwentyDaysAgo_KeepsTheThirtyDayBudget()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cortex-slo-{Guid.NewGuid():N}.json");
        try
        {
            var (first, time) = Create(path);
            await first.StartAsync(TestContext.Current.CancellationToken);

            SloSamples.ErrorsTwentyDaysAgo(first, time);

            var before = first.GetSloStatus().Objectives.Single(o => o.Definition.Name == "availability").ErrorBudgetRemaining;
            await first.DisposeAsync();

            var (second, time2) = Create(path);
            time2.SetUtcNow(time.GetUtcNow());
            await using var _ = second;
            await second.StartAsync(TestContext.Current.CancellationToken);
            var after = second.Evaluate().Objectives.Single(o => o.Definition.Name == "availability").ErrorBudgetRemaining;

            Assert.NotNull(before);
            Assert.Equal(1 - ((5.0 / 210_000) / (1 - 0.999)), before.Value, 9);
            Assert.NotNull(after);
            Assert.Equal(before.Value, after.Value, 9);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
