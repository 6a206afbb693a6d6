using System.Xml.Linq;
using Cortex.LoadTesting.Reports;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Tests.Support;

namespace Cortex.LoadTesting.Tests.Reports;

public class LoadTestReportsTextTests
{
    [Fact]
    public void ToMarkdown_Thresholds_TableWithObservedAndVerdict()
    {
        var md = LoadTestReports.ToMarkdown(ReportSamples.Full());

        Assert.Contains("## Thresholds", md, StringComparison.Ordinal);
        Assert.Contains("| Expression | Scope | Source | Observed | Result |", md, StringComparison.Ordinal);
        Assert.Contains("| p(95) < 100 ms | all requests | threshold | 501.8 ms | FAIL |", md, StringComparison.Ordinal);
        Assert.Contains("| rate < 50% | all requests | threshold | 29% | pass |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_FullResult_HasEverySection()
    {
        var md = LoadTestReports.ToMarkdown(ReportSamples.Full());

        Assert.StartsWith("# Load test: checkout\n\n**FAILED (aborted)**", md, StringComparison.Ordinal);
        Assert.Contains("| Model | ramping-arrival-rate |", md, StringComparison.Ordinal);
        Assert.Contains("| Segment | 2/3 |", md, StringComparison.Ordinal);
        Assert.Contains("| s | step (delay) | 7 | 2 |", md, StringComparison.Ordinal);
        Assert.Contains("| s | step | http_503 | 503 | 2 |", md, StringComparison.Ordinal);
        Assert.Contains("| Max sustainable load | 5 iterations/s |", md, StringComparison.Ordinal);
        Assert.Contains("### Degradation points", md, StringComparison.Ordinal);
        Assert.Contains("- Latency: p95 rose 2.5x from 5 to 10 iterations/s. (step 'step')", md, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_PipeInName_StaysInItsCell()
    {
        var md = LoadTestReports.ToMarkdown(ReportSamples.Full("a|b"));

        Assert.Contains("| Test | a\\|b |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJUnitXml_FailedThreshold_HasFailureElement()
    {
        var suite = XDocument.Parse(LoadTestReports.ToJUnitXml(ReportSamples.Full())).Root!;

        Assert.Equal("testsuite", suite.Name.LocalName);
        Assert.Equal("checkout", (string?)suite.Attribute("name"));
        Assert.Equal("2", (string?)suite.Attribute("tests"));
        Assert.Equal("1", (string?)suite.Attribute("failures"));
        Assert.Equal("10", (string?)suite.Attribute("time"));
        var cases = suite.Elements("testcase").ToList();
        Assert.Equal(["p(95)<100", "rate<0.5"], cases.Select(c => (string?)c.Attribute("name")));
        Assert.Equal("observed 501.8", (string?)cases[0].Element("failure")?.Attribute("message"));
        Assert.Null(cases[1].Element("failure"));
    }

    [Fact]
    public void ToJUnitXml_StepThreshold_ClassNameIsStep()
    {
        var result = ReportSamples.Full() with
        {
            Thresholds = [new ThresholdResult { Expression = "p(99)<9", Step = "s/step", Source = "threshold", Observed = 500 }],
        };

        var testCase = XDocument.Parse(LoadTestReports.ToJUnitXml(result)).Root!.Element("testcase")!;

        Assert.Equal("s/step", (string?)testCase.Attribute("classname"));
        Assert.Equal("p(99)<9 [s/step]", (string?)testCase.Attribute("name"));
    }

    [Theory]
    [InlineData(LoadTestStatus.Completed, false)]
    [InlineData(LoadTestStatus.Stopped, false)]
    [InlineData(LoadTestStatus.Aborted, true)]
    public void ToJUnitXml_NoThresholds_RunCompletedFailsOnlyWhenAborted(LoadTestStatus status, bool fails)
    {
        var result = SampleResults.Single([1, 2]) with { Status = status, StopReason = "stopped early" };

        var suite = XDocument.Parse(LoadTestReports.ToJUnitXml(result)).Root!;

        var testCase = Assert.Single(suite.Elements("testcase"));
        Assert.Equal("run completed", (string?)testCase.Attribute("name"));
        Assert.Equal(fails, testCase.Element("failure") is not null);
        Assert.Equal(fails ? "1" : "0", (string?)suite.Attribute("failures"));
    }

    [Fact]
    public void ToCsv_Timeline_HeaderAndOneLinePerPoint()
    {
        var lines = LoadTestReports.ToCsv(ReportSamples.Full()).TrimEnd('\n').Split('\n');

        Assert.Equal("index,elapsed_s,interval_s,target_load,active_users,iterations_started,iterations_dropped,requests,errors,throughput,p50_ms,p95_ms,p99_ms,service_p95_ms", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("0,1,1,2,2,4,0,4,1,4,", lines[1], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.Equal(14, l.Split(',').Length));
    }

    [Fact]
    public void ToCsv_EmptyTimeline_HeaderOnly()
    {
        var csv = LoadTestReports.ToCsv(SampleResults.Single([1]));

        Assert.Single(csv.TrimEnd('\n').Split('\n'));
    }
}
