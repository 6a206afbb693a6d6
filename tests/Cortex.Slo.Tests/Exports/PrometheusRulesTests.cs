using System.Globalization;
using Cortex.Slo.Exports;
using Cortex.Slo.Status;
using Cortex.Slo.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Cortex.Slo.Tests.Exports;

public class PrometheusRulesTests
{
    private static readonly string Rules = PrometheusRules.Generate(SloSamples.Options(), SloSamples.All);

    [Fact]
    public void Generate_DefaultOptions_ParsesAsOneRuleFileWithThreeGroupsPerBudgetedSlo()
    {
        var groups = Groups(Rules);

        string[] expected =
        [
            "cortex-slo-memory-availability-recordings", "cortex-slo-memory-availability-period", "cortex-slo-memory-availability-alerts",
            "cortex-slo-memory-latency-p95-recordings", "cortex-slo-memory-latency-p95-period", "cortex-slo-memory-latency-p95-alerts",
            "cortex-slo-memory-latency-p99-recordings", "cortex-slo-memory-latency-p99-period", "cortex-slo-memory-latency-p99-alerts",
        ];
        Assert.Equal(expected, groups.Select(g => g.Text("name")));
        Assert.All(groups, g => Assert.NotEmpty(g.Seq("rules").Children));
    }

    [Fact]
    public void Generate_ThroughputSlo_HasNoRules()
    {
        Assert.DoesNotContain(Groups(Rules), g => g.Text("name").Contains("throughput", StringComparison.Ordinal));
        Assert.DoesNotContain("slo: throughput", Rules, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("availability", "5m")]
    [InlineData("availability", "30m")]
    [InlineData("availability", "1h")]
    [InlineData("availability", "6h")]
    [InlineData("availability", "3d")]
    [InlineData("latency-p95", "5m")]
    [InlineData("latency-p95", "3d")]
    [InlineData("latency-p99", "30m")]
    [InlineData("latency-p99", "6h")]
    public void Generate_EachBurnRateWindow_IsRecordedForEachSlo(string slo, string window)
    {
        var record = Record(slo, "recordings", $"slo:sli_error:ratio_rate{window}");

        Assert.Contains($"[{window}]", record.Text("expr"), StringComparison.Ordinal);
        var labels = record.Map("labels");
        Assert.Equal("memory", labels.Text("slo_service"));
        Assert.Equal(slo, labels.Text("slo"));
    }

    [Theory]
    [InlineData("availability", "0.999")]
    [InlineData("latency-p95", "0.95")]
    [InlineData("latency-p99", "0.99")]
    public void Generate_SloWindow_IsRecordedInItsOwnSlowerGroup(string slo, string objective)
    {
        var group = Group(slo, "period");
        var record = Record(slo, "period", "slo:sli_error:ratio_rate30d");

        Assert.Equal("5m", group.Text("interval"));
        Assert.Contains("[30d]", record.Text("expr"), StringComparison.Ordinal);
        Assert.Equal(objective, record.Map("labels").Text("slo_objective"));
        Assert.Contains("slo:period_error_budget_remaining:ratio", group.Seq("rules").Maps().Select(r => r.Text("record")));
    }

    [Theory]
    [InlineData("availability", "vector(0.999)", "vector(0.001)")]
    [InlineData("latency-p95", "vector(0.95)", "vector(0.05)")]
    [InlineData("latency-p99", "vector(0.99)", "vector(0.01)")]
    public void Generate_MetaRules_HoldObjectiveAndExactBudget(string slo, string objective, string budget)
    {
        Assert.Equal(objective, Record(slo, "recordings", "slo:objective:ratio").Text("expr"));
        Assert.Equal(budget, Record(slo, "recordings", "slo:error_budget:ratio").Text("expr"));
    }

    [Theory]
    [InlineData("availability", "SloBurnRatePageFast", "1h", "5m", "(14.4 * 0.001)", "0.0144", "page", "critical")]
    [InlineData("availability", "SloBurnRatePageSlow", "6h", "30m", "(6 * 0.001)", "0.006", "page", "critical")]
    [InlineData("availability", "SloBurnRateTicket", "3d", "6h", "(1 * 0.001)", "0.001", "ticket", "warning")]
    [InlineData("latency-p95", "SloBurnRatePageFast", "1h", "5m", "(14.4 * 0.05)", "0.72", "page", "critical")]
    [InlineData("latency-p95", "SloBurnRatePageSlow", "6h", "30m", "(6 * 0.05)", "0.3", "page", "critical")]
    [InlineData("latency-p99", "SloBurnRatePageFast", "1h", "5m", "(14.4 * 0.01)", "0.144", "page", "critical")]
    [InlineData("latency-p99", "SloBurnRateTicket", "3d", "6h", "(1 * 0.01)", "0.01", "ticket", "warning")]
    public void Generate_EachAlertRule_FiresWhenBothWindowsBurnAboveFactorTimesBudget(
        string slo, string alert, string longWindow, string shortWindow, string product, string threshold, string severity, string sloSeverity)
    {
        var rule = Group(slo, "alerts").Seq("rules").Maps().Single(r => r.Text("alert") == alert);
        var selector = $"{{slo_service=\"memory\",slo=\"{slo}\"}}";

        Assert.Equal(
            $"(slo:sli_error:ratio_rate{longWindow}{selector} > {product})\nand\n(slo:sli_error:ratio_rate{shortWindow}{selector} > {product})",
            rule.Text("expr"));
        Assert.Equal(severity, rule.Map("labels").Text("severity"));
        Assert.Equal(sloSeverity, rule.Map("labels").Text("slo_severity"));
        Assert.Contains($"above {threshold} = ", rule.Map("annotations").Text("description"), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_AvailabilitySli_DividesFailedByAllRequestsOfTheSelector()
    {
        var expr = Record("availability", "recordings", "slo:sli_error:ratio_rate5m").Text("expr");

        Assert.Equal(
            "sum(rate(http_server_request_duration_seconds_count{service_name=\"memory\",http_response_status_code=~\"5..\"}[5m]))\n/\n" +
            "sum(rate(http_server_request_duration_seconds_count{service_name=\"memory\"}[5m]))",
            expr);
    }

    [Theory]
    [InlineData("latency-p95", "2")]
    [InlineData("latency-p99", "5")]
    public void Generate_LatencySli_ReadsTheThresholdBucketInSeconds(string slo, string seconds)
    {
        var expr = Record(slo, "recordings", "slo:sli_error:ratio_rate1h").Text("expr");

        // Prometheus 3 stores le="2" as le="2.0"; the matcher takes both.
        Assert.Contains($"http_server_request_duration_seconds_bucket{{service_name=\"memory\",le=~\"{seconds}(\\\\.0)?\"}}[1h]", expr, StringComparison.Ordinal);
        Assert.StartsWith("1 - (", expr, StringComparison.Ordinal);
        Assert.Contains("bucket boundary", Rules, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_FractionalThreshold_MatchesTheBucketExactly()
    {
        SloDefinition slo = SloSamples.LatencyP95 with { LatencyThreshold = TimeSpan.FromMilliseconds(250) };

        var rules = PrometheusRules.Generate(SloSamples.Options(), [slo]);

        Assert.Contains("le=\"0.25\"", rules, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_FactorAboveOneOverBudget_LeavesTheRuleOutAndSaysWhy()
    {
        var options = SloSamples.Options();
        SloDefinition loose = SloSamples.Availability with { Objective = 0.9 };

        var rules = PrometheusRules.Generate(options, [loose]);

        var alerts = Groups(rules).Single(g => g.Text("name").EndsWith("-alerts", StringComparison.Ordinal));
        Assert.Equal(["SloBurnRatePageSlow", "SloBurnRateTicket"], alerts.Seq("rules").Maps().Select(r => r.Text("alert")));
        Assert.Contains("page-fast is left out: (14.4 * 0.1) = 1.44 is above 1", rules, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_SloOfAnotherSeries_IsSkippedWithAReason()
    {
        var qdrant = new SloDefinition { Name = "qdrant-latency-p95", Kind = SloKind.Latency, Description = "q", Series = "qdrant", Objective = 0.95, LatencyThreshold = TimeSpan.FromSeconds(1) };

        var rules = PrometheusRules.Generate(SloSamples.Options(), [qdrant]);

        Assert.Empty(YamlDocs.Load(rules).Single().Seq("groups").Children);
        Assert.Contains("# SLO qdrant-latency-p95 (Latency, series qdrant) is not exported", rules, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.0)]
    [InlineData(99.9)]
    public void Generate_ObjectiveOutsideZeroToOne_ThrowsNamingTheSlo(double objective)
    {
        SloDefinition slo = SloSamples.Availability with { Objective = objective };

        var ex = Assert.Throws<ArgumentException>(() => PrometheusRules.Generate(SloSamples.Options(), [slo]));

        Assert.Contains("SLO availability has objective " + objective.ToString(CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_TwoSlosUnderOneExportedName_ThrowsNamingBoth()
    {
        SloDefinition twin = SloSamples.LatencyP95 with { Name = "latency p95" };

        var ex = Assert.Throws<ArgumentException>(() => PrometheusRules.Generate(SloSamples.Options(), [SloSamples.LatencyP95, twin]));

        Assert.Contains("SLOs latency-p95 and latency p95 are both exported as memory-latency-p95", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_QuotesAndColonsInNames_StayExactInLabelsAndSelectors()
    {
        const string service = "it's \"memory\": #1";
        var options = SloSamples.Options(service);

        var rules = PrometheusRules.Generate(options, [SloSamples.Availability]);

        var groups = Groups(rules);
        var record = groups[0].Seq("rules").Maps().First();
        Assert.Equal(service, record.Map("labels").Text("slo_service"));
        Assert.Equal("cortex-slo-it-s-memory-1-availability-recordings", groups[0].Text("name"));
        var alert = groups[2].Seq("rules").Maps().First();
        Assert.Contains("slo_service=\"it's \\\"memory\\\": #1\"", alert.Text("expr"), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_CustomWindows_AreWrittenAsPrometheusDurations()
    {
        var options = SloSamples.Options();
        options.BurnRateAlerts.Clear();
        options.BurnRateAlerts.Add(new BurnRateAlertRule { Name = "custom", LongWindow = TimeSpan.FromMinutes(90), ShortWindow = TimeSpan.FromSeconds(90), Factor = 2 });
        options.SloWindow = TimeSpan.FromDays(28);

        var rules = PrometheusRules.Generate(options, [SloSamples.Availability]);

        var records = Groups(rules).SelectMany(g => g.Seq("rules").Maps()).Where(r => r.Has("record")).Select(r => r.Text("record")).ToList();
        Assert.Contains("slo:sli_error:ratio_rate90s", records);
        Assert.Contains("slo:sli_error:ratio_rate90m", records);
        Assert.Contains("slo:sli_error:ratio_rate28d", records);
        Assert.Contains("vector(28)", rules, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_WithPromtool_ChecksAndFiresThePageOnRealSeries()
    {
        var promtool = Promtool.FindOrSkip();
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "rules.yaml"), Rules);
        File.WriteAllText(Path.Combine(dir.Path, "test.yaml"), PromtoolTest);

        var check = Promtool.Run(promtool!, dir.Path, "check", "rules", "rules.yaml");
        var test = Promtool.Run(promtool!, dir.Path, "test", "rules", "test.yaml");

        Assert.True(check.ExitCode == 0, check.Output);
        Assert.True(test.ExitCode == 0, test.Output);
    }

    // 2% of requests fail and 8% are slower than 2 s for an hour: availability (budget 0.1%) pages, p95 (budget 5%) does not.
    private const string PromtoolTest = """
        rule_files: [rules.yaml]
        evaluation_interval: 1m
        tests:
          - interval: 1m
            input_series:
              - series: 'http_server_request_duration_seconds_count{service_name="memory",http_response_status_code="200"}'
                values: '0+98x120'
              - series: 'http_server_request_duration_seconds_count{service_name="memory",http_response_status_code="503"}'
                values: '0+2x120'
              - series: 'http_server_request_duration_seconds_bucket{service_name="memory",http_response_status_code="200",le="2"}'
                values: '0+90x120'
              - series: 'http_server_request_duration_seconds_bucket{service_name="memory",http_response_status_code="503",le="2"}'
                values: '0+2x120'
            promql_expr_test:
              - expr: round(slo:current_burn_rate:ratio{slo="availability"})
                eval_time: 60m
                exp_samples:
                  - labels: '{slo="availability",slo_service="memory",slo_objective="0.999"}'
                    value: 20
              - expr: round(slo:sli_error:ratio_rate1h{slo="latency-p95"} * 100)
                eval_time: 60m
                exp_samples:
                  - labels: '{slo="latency-p95",slo_service="memory",slo_objective="0.95"}'
                    value: 8
            alert_rule_test:
              - eval_time: 70m
                alertname: SloBurnRatePageFast
                exp_alerts:
                  - exp_labels:
                      severity: page
                      slo_severity: critical
                      slo_burn_rule: page-fast
                      slo_service: memory
                      slo: availability
                      slo_objective: "0.999"
                    exp_annotations:
                      summary: 'memory availability: error budget burning over 14.4x the sustainable rate (1h and 5m)'
                      description: 'The error ratio of availability (99.9% of requests succeed) over 1h is 2% and the 5m window is also above 0.0144 = 14.4 x the error budget 0.001 (objective 0.999). At this rate the 30d budget lasts 2.1 days.'
        """;

    private static List<YamlMappingNode> Groups(string rules) => [.. YamlDocs.Load(rules).Single().Seq("groups").Maps()];

    private static YamlMappingNode Group(string slo, string kind) =>
        Groups(Rules).Single(g => g.Text("name") == $"cortex-slo-memory-{slo}-{kind}");

    private static YamlMappingNode Record(string slo, string kind, string record) =>
        Group(slo, kind).Seq("rules").Maps().Single(r => r.Has("record") && r.Text("record") == record);
}
