using Cortex.LoadTesting.Configuration;
using Cortex.LoadTesting.Tests.Support;

namespace Cortex.LoadTesting.Tests.Configuration;

public sealed class LoadTestConfigurationTests
{
    private const string SeedShape = """
        {
          "testName": "production-load-test",
          "duration": 600,
          "concurrentUsers": 100,
          "rampUpPeriod": 60,
          "coolDownPeriod": 30,
          "scenarios": [
            {
              "name": "memory-operations",
              "weight": 70,
              "thinkTime": { "min": 0.5, "max": 2 },
              "steps": [
                { "name": "store-entity", "type": "memory_store", "parameters": { "kind": "entity", "data": { "title": "Test Entity" } } },
                { "name": "find-items", "type": "memory_find", "parameters": { "query": "test", "limit": 20 } }
              ]
            },
            { "name": "ai-operations", "weight": 30, "steps": [ { "name": "ai-completion", "type": "zai_completion", "timeout": 30 } ] }
          ],
          "sloTargets": { "maxResponseTimeP95": 2000, "maxResponseTimeP99": 5000, "maxErrorRate": 1, "minThroughput": 100 },
          "thresholds": [ "p(99)<5000", { "expression": "rate<0.05", "step": "find-items", "abortOnFail": true, "delayAbortEval": 15 } ]
        }
        """;

    [Fact]
    public void Parse_SeedShape_ReadsEveryFieldWithItsUnit()
    {
        var o = LoadTestConfiguration.Parse(SeedShape);

        Assert.Equal("production-load-test", o.TestName);
        Assert.Equal(LoadModel.ConstantVus, o.Model);
        Assert.Equal(TimeSpan.FromMinutes(10), o.Duration);
        Assert.Equal(100, o.ConcurrentUsers);
        Assert.Equal(TimeSpan.FromSeconds(60), o.RampUpPeriod);
        Assert.Equal(TimeSpan.FromSeconds(30), o.CoolDownPeriod);
        Assert.Equal(["memory-operations", "ai-operations"], o.Scenarios.Select(s => s.Name));
        Assert.Equal(70, o.Scenarios[0].Weight);
        Assert.Equal(new ThinkTime(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2)), o.Scenarios[0].ThinkTime);
        Assert.Equal(20, o.Scenarios[0].Steps[1].Parameters.GetProperty("limit").GetInt32());
        Assert.Equal(TimeSpan.FromSeconds(30), o.Scenarios[1].Steps[0].Timeout);
        Assert.Equal(TimeSpan.FromSeconds(2), o.SloTargets!.MaxResponseTimeP95);
        Assert.Equal(0.01, o.SloTargets.MaxErrorRate);
        Assert.Equal(100, o.SloTargets.MinThroughput);
        Assert.Equal("p(99)<5000", o.Thresholds[0].Expression);
        Assert.Equal(("rate<0.05", "find-items", true, TimeSpan.FromSeconds(15)), (o.Thresholds[1].Expression, o.Thresholds[1].Step, o.Thresholds[1].AbortOnFail, o.Thresholds[1].DelayAbortEvaluation));
    }

    [Fact]
    public void Parse_RampingArrivalRate_ReadsStagesAndUsers()
    {
        var o = LoadTestConfiguration.Parse("""
            { "executor": "ramping-arrival-rate", "startTarget": 10, "preAllocatedUsers": 20, "maxUsers": 200, "segment": "2/3",
              "stages": [ { "duration": 30, "target": 100 }, { "duration": 60, "target": 100 } ],
              "scenarios": [ { "name": "s", "steps": [ { "name": "x", "type": "http", "parameters": { "url": "http://127.0.0.1/" } } ] } ] }
            """);

        Assert.Equal(LoadModel.RampingArrivalRate, o.Model);
        Assert.Equal([new LoadStage(TimeSpan.FromSeconds(30), 100), new LoadStage(TimeSpan.FromSeconds(60), 100)], o.Stages);
        Assert.Equal((10, 20, 200), (o.StartTarget, o.PreAllocatedUsers, o.MaxUsers));
        Assert.Equal(new ExecutionSegment(2, 3), o.Segment);
    }

    [Theory]
    [InlineData("""{ "scenarios": [ { "name": "a", "steps": [ { "name": "x", "type": "t" } ] }, { "name": "b", "weight": 0, "steps": [ { "name": "x", "type": "t" } ] } ] }""", "scenarios[1].weight must be > 0")]
    [InlineData("""{ "duration": -5, "scenarios": [ { "name": "a", "steps": [ { "name": "x", "type": "t" } ] } ] }""", "duration must be > 0")]
    [InlineData("""{ "concurrentUsers": 0, "scenarios": [ { "name": "a", "steps": [ { "name": "x", "type": "t" } ] } ] }""", "concurrentUsers must be > 0")]
    [InlineData("""{ "concurrentUsers": "ten", "scenarios": [ { "name": "a", "steps": [ { "name": "x", "type": "t" } ] } ] }""", "concurrentUsers must be a whole number")]
    [InlineData("""{ "scenarios": [] }""", "scenarios must have at least one scenario")]
    [InlineData("""{ "scenarios": [ { "name": "a", "steps": [] } ] }""", "scenarios[0].steps must have at least one step")]
    [InlineData("""{ "scenarios": [ { "name": "a", "steps": [ { "name": "x" } ] } ] }""", "scenarios[0].steps[0].type must not be empty")]
    [InlineData("""{ "scenarios": [ { "name": "a", "steps": [ { "name": "x", "type": "t" }, { "name": "x", "type": "t" } ] } ] }""", "scenarios[0].steps[1].name 'x' is used by another step")]
    [InlineData("""{ "scenarios": [ { "name": "a", "thinkTime": { "min": 2, "max": 1 }, "steps": [ { "name": "x", "type": "t" } ] } ] }""", "scenarios[0].thinkTime must have 0 <= min <= max")]
    [InlineData("""{ "scenarios": [ { "name": "a", "steps": [ { "name": "x", "type": "t", "parameters": 3 } ] } ] }""", "scenarios[0].steps[0].parameters must be a JSON object")]
    [InlineData("""{ "executor": "constant-users", "scenarios": [ { "name": "a", "steps": [ { "name": "x", "type": "t" } ] } ] }""", "executor 'constant-users' is not a load model; use constant-vus")]
    [InlineData("""{ "executor": "ramping-vus", "scenarios": [ { "name": "a", "steps": [ { "name": "x", "type": "t" } ] } ] }""", "stages must have at least one stage for ramping-vus")]
    [InlineData("""{ "executor": "ramping-vus", "stages": [ { "duration": 0, "target": 5 } ], "scenarios": [ { "name": "a", "steps": [ { "name": "x", "type": "t" } ] } ] }""", "stages[0].duration must be > 0")]
    [InlineData("""{ "executor": "constant-arrival-rate", "rate": 10, "preAllocatedUsers": 50, "maxUsers": 5, "scenarios": [ { "name": "a", "steps": [ { "name": "x", "type": "t" } ] } ] }""", "maxUsers (5) must be >= preAllocatedUsers (50)")]
    [InlineData("""{ "thresholds": [ "p(95)<" ], "scenarios": [ { "name": "a", "steps": [ { "name": "x", "type": "t" } ] } ] }""", "thresholds[0].expression 'p(95)<' does not end in a number")]
    [InlineData("""{ "thresholds": [ { "expression": "p95<2" } ], "scenarios": [ { "name": "a", "steps": [ { "name": "x", "type": "t" } ] } ] }""", "thresholds[0].expression 'p95<2' has an unknown metric 'p95'")]
    [InlineData("""{ "thresholds": [ { "expression": "rate<0.1", "step": "nope" } ], "scenarios": [ { "name": "a", "steps": [ { "name": "x", "type": "t" } ] } ] }""", "thresholds[0].step 'nope' names no step")]
    [InlineData("""{ "sloTargets": { "maxResponseTimeP95": 0 }, "scenarios": [ { "name": "a", "steps": [ { "name": "x", "type": "t" } ] } ] }""", "sloTargets.maxResponseTimeP95 must be > 0")]
    [InlineData("""{ "sloTargets": { "maxErrorRate": 150 }, "scenarios": [ { "name": "a", "steps": [ { "name": "x", "type": "t" } ] } ] }""", "sloTargets.maxErrorRate must be between 0 and 100 percent (was 150)")]
    [InlineData("""{ "segment": "3/2", "scenarios": [ { "name": "a", "steps": [ { "name": "x", "type": "t" } ] } ] }""", "segment: Segment '3/2' must be i/n")]
    [InlineData("""{ "scenarioz": [], "scenarios": [ { "name": "a", "steps": [ { "name": "x", "type": "t" } ] } ] }""", "scenarioz is not a known property")]
    [InlineData("""{ "scenarios": [ { "name": "a", "stepz": 1, "steps": [ { "name": "x", "type": "t" } ] } ] }""", "scenarios[0].stepz is not a known property")]
    public void Parse_InvalidField_NamesItsJsonPath(string json, string expected)
    {
        var ex = Assert.Throws<LoadTestConfigurationException>(() => LoadTestConfiguration.Parse(json));

        Assert.Contains(ex.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralBadFields_ListsThemAll()
    {
        var ex = Assert.Throws<LoadTestConfigurationException>(() => LoadTestConfiguration.Parse("""
            { "duration": 0, "scenarios": [ { "name": "", "weight": -1, "steps": [ { "name": "x", "type": "t" } ] } ] }
            """));

        Assert.Equal(["duration must be > 0 (was 0 s)", "scenarios[0].name must not be empty", "scenarios[0].weight must be > 0 (was -1)"], ex.Errors);
    }

    [Fact]
    public void Parse_NotJson_SaysWhere()
    {
        var ex = Assert.Throws<LoadTestConfigurationException>(() => LoadTestConfiguration.Parse("{ \"duration\": 10,\n  oops }"));

        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_SaysWhichFile()
    {
        var ex = Assert.Throws<LoadTestConfigurationException>(() => LoadTestConfiguration.Load("/nonexistent/plan.json"));

        Assert.Contains("/nonexistent/plan.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_UnknownStepType_FailsBeforeTheRunNamingScenarioAndStep()
    {
        var options = Plans.Options(LoadModel.ConstantVus, Plans.Scenario("browse", ("open", "noop"), ("search", "qdrant_serch")));

        var ex = Assert.Throws<LoadTestConfigurationException>(() => new LoadTestFramework(options, [TestStepHandler.NoOp()]));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("scenarios[0].steps[1].type 'qdrant_serch' (step 'search' of scenario 'browse') is not a registered step type; registered: noop", error);
    }

    [Fact]
    public void Constructor_InvalidStepParameters_NamesThePathAndParameter()
    {
        var options = Plans.Options(LoadModel.ConstantVus, Plans.Scenario("s", ("wait", "delay")));

        var ex = Assert.Throws<LoadTestConfigurationException>(() => new LoadTestFramework(options, [new Cortex.LoadTesting.Steps.DelayStepHandler(TimeProvider.System)]));

        Assert.StartsWith("scenarios[0].steps[0].parameters: Step 'wait' (type 'delay') in scenario 's': parameter 'duration' is required", Assert.Single(ex.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotJson_GivesOnePositionOneBased()
    {
        var ex = Assert.Throws<LoadTestConfigurationException>(() => LoadTestConfiguration.Parse("{ \"duration\": 5,\n  \"scenarios\": [ }"));

        var error = Assert.Single(ex.Errors);
        Assert.StartsWith("The load test is not valid JSON at line 2, column 18: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DurationStrings_ReadAsK6WritesThem()
    {
        var options = LoadTestConfiguration.Parse("""
            {
              "executor": "ramping-arrival-rate",
              "stages": [ { "duration": "1h30m", "target": 10 }, { "duration": "500ms", "target": 0 } ],
              "gracefulStop": "2m",
              "stepTimeout": "00:00:07",
              "reportingInterval": "1.5s",
              "scenarios": [ { "name": "s", "thinkTime": { "min": "1s", "max": "2.5s" }, "steps": [ { "name": "w", "type": "delay", "timeout": "30s", "parameters": { "duration": 1 } } ] } ]
            }
            """);

        Assert.Equal([TimeSpan.FromMinutes(90), TimeSpan.FromMilliseconds(500)], options.Stages.Select(s => s.Duration));
        Assert.Equal(TimeSpan.FromMinutes(2), options.GracefulStop);
        Assert.Equal(TimeSpan.FromSeconds(7), options.StepTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1.5), options.ReportingInterval);
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2.5)), (options.Scenarios[0].ThinkTime!.Value.Min, options.Scenarios[0].ThinkTime!.Value.Max));
        Assert.Equal(TimeSpan.FromSeconds(30), options.Scenarios[0].Steps[0].Timeout);
    }

    [Theory]
    [InlineData("\"soon\"", "duration must be a number of seconds or a duration such as \"500ms\", \"30s\", \"5m\", \"1h30m\" or \"00:01:30\" (was 'soon')")]
    [InlineData("\"5m1h\"", "(was '5m1h')")]
    [InlineData("true", "duration must be a number of seconds or a duration such as")]
    public void Parse_BadDuration_NamesTheFieldAndTheForms(string value, string expected)
    {
        var ex = Assert.Throws<LoadTestConfigurationException>(() => LoadTestConfiguration.Parse($$"""{ "duration": {{value}}, "scenarios": [ { "name": "s", "steps": [ { "name": "w", "type": "delay" } ] } ] }"""));

        Assert.Contains(ex.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }
}
