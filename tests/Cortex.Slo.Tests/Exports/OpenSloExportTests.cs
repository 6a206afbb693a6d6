using System.Globalization;
using System.Text.RegularExpressions;
using Cortex.Slo.Exports;
using Cortex.Slo.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Cortex.Slo.Tests.Exports;

public partial class OpenSloExportTests
{
    private static readonly IReadOnlyList<YamlMappingNode> Documents = YamlDocs.Load(OpenSloExport.Generate(SloSamples.Options(), SloSamples.All));

    [Fact]
    public void Generate_DefaultOptions_ParsesAsAServiceAndOneSloPerBudgetedSlo()
    {
        Assert.Equal(["Service", "SLO", "SLO", "SLO"], Documents.Select(d => d.Text("kind")));
        Assert.All(Documents, d => Assert.Equal("openslo/v1", d.Text("apiVersion")));
        Assert.Equal("memory", Documents[0].Map("metadata").Text("name"));
        Assert.DoesNotContain(Documents, d => d.Map("metadata").Text("name").Contains("throughput", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("memory-availability", 0.999)]
    [InlineData("memory-latency-p95", 0.95)]
    [InlineData("memory-latency-p99", 0.99)]
    public void Generate_EachSlo_HasRollingWindowOccurrencesAndItsTarget(string name, double target)
    {
        var spec = Slo(name).Map("spec");

        Assert.Equal("memory", spec.Text("service"));
        Assert.Equal("Occurrences", spec.Text("budgetingMethod"));
        var window = spec.Seq("timeWindow").Maps().Single();
        Assert.Equal("30d", window.Text("duration"));
        Assert.Equal("true", window.Text("isRolling"));
        var objective = spec.Seq("objectives").Maps().Single();
        Assert.Equal(ScalarStyle.Plain, objective.Scalar("target").Style);
        Assert.Equal(target, double.Parse(objective.Text("target"), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Generate_AvailabilitySlo_CountsBadOverTotalPrometheusCounters()
    {
        var ratio = Slo("memory-availability").Map("spec").Map("indicator").Map("spec").Map("ratioMetric");

        Assert.Equal("true", ratio.Text("counter"));
        Assert.False(ratio.Has("good"));
        Assert.Equal("Prometheus", ratio.Map("bad").Map("metricSource").Text("type"));
        Assert.Equal(
            "sum(http_server_request_duration_seconds_count{service_name=\"memory\",http_response_status_code=~\"5..\"})",
            ratio.Map("bad").Map("metricSource").Map("spec").Text("query"));
        Assert.Equal(
            "sum(http_server_request_duration_seconds_count{service_name=\"memory\"})",
            ratio.Map("total").Map("metricSource").Map("spec").Text("query"));
    }

    [Fact]
    public void Generate_LatencySlo_CountsGoodRequestsInTheThresholdBucket()
    {
        var ratio = Slo("memory-latency-p95").Map("spec").Map("indicator").Map("spec").Map("ratioMetric");

        Assert.False(ratio.Has("bad"));
        Assert.Equal(
            "sum(http_server_request_duration_seconds_bucket{service_name=\"memory\",le=~\"2(\\\\.0)?\"})",
            ratio.Map("good").Map("metricSource").Map("spec").Text("query"));
    }

    [Theory]
    [InlineData("Memory Service (EU)")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("a-very-long-service-name-that-goes-on-and-on-well-past-the-limit-of-a-dns-label")]
    public void Generate_AnyServiceName_GivesDnsLabelNames(string service)
    {
        var documents = YamlDocs.Load(OpenSloExport.Generate(SloSamples.Options(service), SloSamples.All));

        var names = documents.Select(d => d.Map("metadata").Text("name"))
            .Concat(documents.Skip(1).Select(d => d.Map("spec").Map("indicator").Map("metadata").Text("name")))
            .ToList();
        Assert.All(names, n => Assert.Matches(DnsLabel(), n));
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(service, documents[0].Map("metadata").Text("displayName"));
        Assert.All(documents.Skip(1), d => Assert.Equal(documents[0].Map("metadata").Text("name"), d.Map("spec").Text("service")));
    }

    [Fact]
    public void Generate_NoBudgetedSlo_IsStillAServiceDocument()
    {
        var documents = YamlDocs.Load(OpenSloExport.Generate(SloSamples.Options(), [SloSamples.Throughput]));

        Assert.Equal("Service", Assert.Single(documents).Text("kind"));
    }

    private static YamlMappingNode Slo(string name) => Documents.Single(d => d.Text("kind") == "SLO" && d.Map("metadata").Text("name") == name);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
