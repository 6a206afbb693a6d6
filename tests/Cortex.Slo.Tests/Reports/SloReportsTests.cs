using System.Text.Json;
using Cortex.Slo.Alerting;
using Cortex.Slo.Reports;
using Cortex.Slo.Tests.Support;

namespace Cortex.Slo.Tests.Reports;

public class SloReportsTests
{
    [Fact]
    public void ToJson_FromJson_RoundTripsEveryField()
    {
        var report = ReportSamples.Day();

        var json = SloReports.ToJson(report);
        var read = SloReports.FromJson(json);

        Assert.Equal(json, SloReports.ToJson(read));
        Assert.Equal(report.Service, read.Service);
        Assert.Equal(report.To, read.To);
        Assert.Equal(report.Compliance, read.Compliance);
        Assert.Equal(report.Incidents, read.Incidents);
        Assert.Equal(report.Timeline, read.Timeline);
        Assert.Equal(report.Trends, read.Trends);
        Assert.Equal(report.Recommendations, read.Recommendations);
        Assert.Equal(report.AlertsBySeverity.OrderBy(a => a.Key), read.AlertsBySeverity.OrderBy(a => a.Key));
    }

    [Fact]
    public void ToJson_EnumsAndSeverityKeys_AreCamelCaseStrings()
    {
        using var json = JsonDocument.Parse(SloReports.ToJson(ReportSamples.Day()));

        Assert.Equal("daily", json.RootElement.GetProperty("period").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("alertsBySeverity").GetProperty("critical").GetInt32());
        Assert.Equal("latency", json.RootElement.GetProperty("compliance")[1].GetProperty("kind").GetString());
    }

    [Fact]
    public void FromJson_NotAReport_ThrowsNamingWhere()
    {
        var ex = Assert.Throws<InvalidDataException>(() => SloReports.FromJson("{\"service\": \"memory\", \"period\": 7}"));

        Assert.Contains("$.period", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_Report_DrawsInlineSvgCharts()
    {
        var html = SloReports.ToHtml(ReportSamples.Day());

        Assert.Contains("<svg", html, StringComparison.Ordinal);
        foreach (var chart in new[] { "chart-requests", "chart-error-rate", "chart-latency", "chart-budget" })
        {
            Assert.Contains($"<svg id=\"{chart}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains(">p99</text>", html, StringComparison.Ordinal);
        Assert.Contains(">20h</text>", html, StringComparison.Ordinal);
        Assert.Contains(">12.3%</text>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_AnyReport_LoadsNothingFromOutside()
    {
        var html = SloReports.ToHtml(ReportSamples.Day());

        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_MarkupInData_IsEncoded()
    {
        var report = ReportSamples.Day(service: "<script>alert(1)</script>") with { Recommendations = ["<b>bold</b> & more"] };

        var html = SloReports.ToHtml(report);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>bold", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt; &amp; more", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_EmptyTimeline_SaysSoInEachLineChart()
    {
        var html = SloReports.ToHtml(ReportSamples.Day(timeline: []));

        Assert.Equal(3, html.Split("no timeline data").Length - 1);
        Assert.DoesNotContain("NaN", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_Report_HasTheComplianceTable()
    {
        var md = SloReports.ToMarkdown(ReportSamples.Day());

        Assert.Contains("## Compliance\n\n| SLO | Description | Objective or target | Observed | Compliance | Budget left | Burn rate | Status |\n", md, StringComparison.Ordinal);
        Assert.Contains("| availability | 99.9% of requests succeed | 99.9% | n/a | 99.95% | 50% | 0.5x | met |", md, StringComparison.Ordinal);
        Assert.Contains("| latency-p95 | 95% of requests within 2000 ms | 95% | 1,800 ms | 95.615% | 12.3% | 0.88x | met |", md, StringComparison.Ordinal);
        Assert.Contains("| throughput | at least 100 requests/s | 100 req/s | 10 req/s | n/a | n/a | n/a | MISSED |", md, StringComparison.Ordinal);
        Assert.StartsWith("# SLO report: memory (daily)\n\n**1 of 4 SLOs missed**", md, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_PipesAndMarkupInData_StayInsideTheirCell()
    {
        var md = SloReports.ToMarkdown(ReportSamples.Day(service: "a|b <i>c</i>"));

        Assert.Contains("| Service | a\\|b &lt;i&gt;c&lt;/i&gt; |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_OptionsWithSecrets_NeverCarryThem()
    {
        const string webhook = "https://hooks.example.test/services/T000/B000/secret-token";
        const string password = "smtp-pa55word";
        var options = SloSamples.Options();
        options.Alerting.Slack.WebhookUrl = new Uri(webhook);
        options.Alerting.Webhook.Url = new Uri(webhook + "-2");
        options.Alerting.Email.Password = password;
        var leaky = ReportSamples.Alert("availability", AlertSeverity.Critical, TimeSpan.FromHours(1), null) with
        {
            Labels = new Dictionary<string, string> { ["channel"] = webhook, ["smtp"] = password },
        };
        var report = ReportSamples.Day(alerts: [leaky]);

        string[] outputs =
        [
            SloReports.ToJson(report),
            SloReports.ToMarkdown(report),
            SloReports.ToHtml(report),
            Cortex.Slo.Exports.PrometheusRules.Generate(options, SloSamples.All),
            Cortex.Slo.Exports.OpenSloExport.Generate(options, SloSamples.All),
        ];

        Assert.All(outputs, o => Assert.DoesNotContain("secret-token", o, StringComparison.Ordinal));
        Assert.All(outputs, o => Assert.DoesNotContain(password, o, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteAsync_Directory_WritesJsonMarkdownAndHtml()
    {
        using var dir = new TempDirectory();
        var report = ReportSamples.Day(service: "Memory Service");

        var paths = await SloReports.WriteAsync(report, Path.Combine(dir.Path, "reports"), TestContext.Current.CancellationToken);

        Assert.Equal(
            ["slo-report-memory-service-daily-20260314T0000Z.json", "slo-report-memory-service-daily-20260314T0000Z.md", "slo-report-memory-service-daily-20260314T0000Z.html"],
            paths.Select(Path.GetFileName));
        Assert.Equal(SloReports.ToJson(report), SloReports.ToJson(SloReports.FromJson(await File.ReadAllTextAsync(paths[0], TestContext.Current.CancellationToken))));
        Assert.StartsWith("# SLO report: Memory Service", await File.ReadAllTextAsync(paths[1], TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", await File.ReadAllTextAsync(paths[2], TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
