using Cortex.LoadTesting.Configuration;
using Cortex.LoadTesting.Reports;

namespace Cortex.LoadTesting.Tests.Endurance;

public sealed class MonitorConfigurationTests
{
    private const string Scenario = """
        "scenarios": [ { "name": "s", "steps": [ { "name": "d", "type": "delay", "parameters": { "duration": 1 } } ] } ]
        """;

    [Fact]
    public void Parse_MonitorBlock_ReadsEveryFieldWithItsUnit()
    {
        var o = LoadTestConfiguration.Parse($$"""
            { {{Scenario}},
              "monitor": { "metrics": "http://localhost:8080/metrics", "pid": 4242, "sampleInterval": "500ms", "warmUp": "2m",
                           "maxGrowthMBPerMinute": 2.5, "minRSquared": 0.8, "failOnLeak": true, "trace": "out/t.nettrace" } }
            """);

        var m = o.Monitor!;
        Assert.Equal(new Uri("http://localhost:8080/metrics"), m.MetricsUrl);
        Assert.Equal(4242, m.ProcessId);
        Assert.Equal(TimeSpan.FromMilliseconds(500), m.SampleInterval);
        Assert.Equal(TimeSpan.FromMinutes(2), m.WarmUp);
        Assert.Equal(2.5 * 1024 * 1024, m.MaxGrowthPerMinute);
        Assert.Equal(0.8, m.MinRSquared);
        Assert.True(m.FailOnLeak);
        Assert.Equal("out/t.nettrace", m.TraceFile);
    }

    [Fact]
    public void Parse_BadMonitorFields_NamesEachPathAndValue()
    {
        var ex = Assert.Throws<LoadTestConfigurationException>(() => LoadTestConfiguration.Parse($$"""
            { {{Scenario}},
              "monitor": { "metrics": "ftp://x/metrics", "pid": -3, "sampleInterval": "10ms", "maxGrowthMBPerMinute": 0, "minRSquared": 2, "trace": "t.nettrace" } }
            """));

        Assert.Contains("monitor.metrics must be an absolute http:// or https:// URL (was 'ftp://x/metrics')", ex.Errors);
        Assert.Contains("monitor.pid must be a process id > 0 (was -3)", ex.Errors);
        Assert.Contains("monitor.sampleInterval must be from 0.1 s to 10 min (was 0.01 s)", ex.Errors);
        Assert.Contains("monitor.maxGrowthMBPerMinute must be > 0 (was 0)", ex.Errors);
        Assert.Contains("monitor.minRSquared must be from 0 to 1 (was 2)", ex.Errors);
        var trace = Assert.Throws<LoadTestConfigurationException>(() => LoadTestConfiguration.Parse($$"""{ {{Scenario}}, "monitor": { "metrics": "http://x/metrics", "trace": "t.nettrace" } }"""));
        Assert.Equal("monitor.trace needs monitor.pid, the process to trace", Assert.Single(trace.Errors));
        var unknown = Assert.Throws<LoadTestConfigurationException>(() => LoadTestConfiguration.Parse($$"""{ {{Scenario}}, "monitor": { "pid": 1, "colour": 1 } }"""));
        Assert.StartsWith("monitor.colour is not a known property; known here: metrics, pid, ", Assert.Single(unknown.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_MonitorWithoutSource_FailsBeforeAnyLoad()
    {
        var options = LoadTestConfiguration.Parse($$"""{ "duration": 0.2, {{Scenario}}, "monitor": { "failOnLeak": true } }""");
        var framework = new LoadTestFramework(options, [new Cortex.LoadTesting.Steps.DelayStepHandler(TimeProvider.System)]);

        var ex = await Assert.ThrowsAsync<LoadTestConfigurationException>(() => framework.ExecuteAsync(TestContext.Current.CancellationToken));

        Assert.Contains("monitor needs metrics", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_MonitoringThisProcess_SamplesItAndReportsTheVerdict()
    {
        var options = LoadTestConfiguration.Parse($$"""
            { "duration": 1.5, {{Scenario}}, "monitor": { "pid": {{Environment.ProcessId}}, "sampleInterval": 0.1, "warmUp": 0 } }
            """);
        var framework = new LoadTestFramework(options, [new Cortex.LoadTesting.Steps.DelayStepHandler(TimeProvider.System)]);

        var result = await framework.ExecuteAsync(TestContext.Current.CancellationToken);

        var e = result.Endurance!;
        Assert.True(e.Samples.Count >= 5, $"{e.Samples.Count} samples");
        Assert.All(e.Samples, s => Assert.True(s.WorkingSetBytes > 0));
        Assert.NotNull(e.WorkingSet);
        Assert.Null(e.GcHeap);
        Assert.NotNull(e.MeanCpuCores);
        var markdown = LoadTestReports.ToMarkdown(result);
        Assert.Contains("## Endurance", markdown, StringComparison.Ordinal);
        Assert.Contains("| Working set | ", markdown, StringComparison.Ordinal);
        Assert.Equal(e.Verdict, LoadTestReports.FromJson(LoadTestReports.ToJson(result)).Endurance!.Verdict);
    }
}
