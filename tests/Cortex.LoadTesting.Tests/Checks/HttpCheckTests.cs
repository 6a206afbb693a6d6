using Cortex.LoadTesting.Configuration;
using Cortex.LoadTesting.Reports;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Tests.Support;
using Cortex.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.LoadTesting.Tests.Checks;

public sealed class HttpCheckTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StatusCheck_HalfTheResponsesAre500_ChecksRateIsHalfAndErrorsAreTheStepsOwn()
    {
        await using var target = await RecordingTarget.StartAsync(n => n % 2 == 0 ? (200, "{}") : (500, "{}"), Ct);
        var options = Test(new { url = target.Url("half"), checks = new object[] { new { status = 200 } } }, "checks: rate>0.99");

        var result = await RunAsync(options);

        var served500 = target.Statuses.GetValueOrDefault(500);
        var served200 = target.Statuses.GetValueOrDefault(200);
        Assert.True(served200 + served500 >= 5, $"{served200 + served500} requests");

        // The 500s fail the step as they do without checks; the check neither adds errors nor hides them.
        Assert.Equal(served500, result.Requests.Errors);
        Assert.Equal(served200 + served500, result.Requests.Count);
        var check = Assert.Single(result.Checks);
        Assert.Equal(("s", "call", "status is 200"), (check.Scenario, check.Step, check.Name));
        Assert.Equal((served200, served500), (check.Passes, check.Fails));
        Assert.InRange(result.ChecksRate!.Value, 0.4, 0.6);

        var threshold = Assert.Single(result.Thresholds);
        Assert.False(threshold.Passed);
        Assert.Equal(result.ChecksRate!.Value, threshold.Observed, 3);
        Assert.False(result.Passed);
    }

    [Fact]
    public async Task BodyAndJsonPathChecks_CountEachCheckByName()
    {
        const string Body = """{"items":[{"id":7,"name":"a"},{"id":8}],"ok":true,"user":{"name":"Jo"}}""";
        await using var target = await RecordingTarget.StartAsync(_ => (200, Body), Ct);
        var checks = new object[]
        {
            new { bodyContains = "\"ok\":true" },
            new { name = "mentions nope", bodyContains = "nope" },
            new { jsonPath = "$.items[1].id", equals = 8 },
            new { jsonPath = "$['user'].name", equals = "Jo" },
            new { jsonPath = "$.items[0].name" },
            new { jsonPath = "$.items[5]" },
            new { name = "wrong id", jsonPath = "$.items[0].id", equals = 8 },
        };

        var result = await RunAsync(Test(new { url = target.Url("json"), checks }, "checks: rate>0.5"));

        var n = result.Requests.Count;
        Assert.True(n > 0);
        Assert.Equal(0, result.Requests.Errors);
        var byName = result.Checks.ToDictionary(c => c.Name, c => (c.Passes, c.Fails));
        Assert.Equal((n, 0L), byName["body contains '\"ok\":true'"]);
        Assert.Equal((0L, n), byName["mentions nope"]);
        Assert.Equal((n, 0L), byName["$.items[1].id equals 8"]);
        Assert.Equal((n, 0L), byName["$['user'].name equals \"Jo\""]);
        Assert.Equal((n, 0L), byName["$.items[0].name exists"]);
        Assert.Equal((0L, n), byName["$.items[5] exists"]);
        Assert.Equal((0L, n), byName["wrong id"]);
        Assert.Equal(4.0 / 7, result.ChecksRate!.Value, 6);
        Assert.True(result.Passed);

        // The result JSON, the Markdown and the HTML report carry the checks.
        var json = LoadTestReports.ToJson(result);
        Assert.Contains("\"checksRate\"", json, StringComparison.Ordinal);
        Assert.Equal(result.Checks, LoadTestReports.FromJson(json).Checks);
        var markdown = LoadTestReports.ToMarkdown(result);
        Assert.Contains("## Checks", markdown, StringComparison.Ordinal);
        Assert.Contains("| s | call | mentions nope | 0 |", markdown, StringComparison.Ordinal);
        Assert.Contains("Checks passed", LoadTestReports.ToHtml(result), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[ { "status": 200, "bodyContains": "x" } ]""", "parameter 'checks[0]' must have exactly one of status, bodyContains, jsonPath")]
    [InlineData("""[ { "jsonPath": "items[0]" } ]""", "parameter 'checks[0].jsonPath' 'items[0]' must start with $")]
    [InlineData("""[ { "jsonPath": "$.items[*]" } ]""", "(wildcards and filters are not supported)")]
    [InlineData("""[ { "bodyContains": "a", "equals": 1 } ]""", "parameter 'checks[0].equals' applies to a jsonPath check only")]
    [InlineData("""[ { "status": 200 }, { "status": [200] } ]""", "parameter 'checks[1].name' 'status is 200' is used by another check of the step")]
    public void BadCheck_FailsAtStartNamingIt(string checks, string expected)
    {
        var step = new StepOptions { Name = "call", Type = "http", Parameters = System.Text.Json.JsonDocument.Parse($$"""{ "url": "http://127.0.0.1:9/", "checks": {{checks}} }""").RootElement.Clone() };
        var scenario = new ScenarioOptions { Name = "s" };
        scenario.Steps.Add(step);
        using var host = TestHosts.Build([], (services, _) => services.AddCortexLoadTesting());

        var ex = Assert.Throws<LoadTestConfigurationException>(() => host.Services.GetRequiredService<LoadTestFrameworkFactory>().Create(Plans.Options(LoadModel.ConstantVus, scenario)));

        Assert.Contains(expected, Assert.Single(ex.Errors), StringComparison.Ordinal);
    }

    /// <summary>One user, back to back, for two seconds: requests alternate between the target's answers.</summary>
    private static LoadTestOptions Test(object parameters, string threshold)
    {
        var scenario = new ScenarioOptions { Name = "s" };
        scenario.Steps.Add(Plans.Step("call", "http", parameters));
        var options = Plans.Options(LoadModel.ConstantVus, scenario);
        options.ConcurrentUsers = 1;
        options.Duration = TimeSpan.FromSeconds(2);
        options.Thresholds.Add(new ThresholdOptions { Expression = threshold });
        return options;
    }

    private static async Task<LoadTestResult> RunAsync(LoadTestOptions options)
    {
        using var host = TestHosts.Build([], (services, _) => services.AddCortexLoadTesting());
        return await host.Services.GetRequiredService<LoadTestFrameworkFactory>().Create(options).ExecuteAsync(Ct);
    }
}
