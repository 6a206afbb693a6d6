using Cortex.LoadTesting.Configuration;

namespace Cortex.LoadTesting.Tests.Configuration;

/// <summary>Scenarios with their own executors and step tags in the JSON configuration.</summary>
public sealed class ScenarioConfigurationTests
{
    private const string Step = """{ "name": "x", "type": "t" }""";

    [Fact]
    public void Parse_ScenariosObjectWithExecutors_ReadsEachScenariosLoadStartTimeAndTags()
    {
        var o = LoadTestConfiguration.Parse($$"""
            {
              "scenarios": {
                "browse": { "weight": 2, "steps": [ {{Step}} ] },
                "spike": {
                  "executor": "ramping-arrival-rate", "startTime": "1m30s", "startTarget": 5, "maxUsers": 40,
                  "stages": [ { "duration": "30s", "target": 50 } ], "tags": { "team": "search" },
                  "steps": [ { "name": "q", "type": "t", "tags": { "type": "read" } } ]
                }
              }
            }
            """);

        Assert.Equal(["browse", "spike"], o.Scenarios.Select(s => s.Name));
        Assert.Null(o.Scenarios[0].Executor);
        var spike = Assert.IsType<ExecutorOptions>(o.Scenarios[1].Executor);
        Assert.Equal((LoadModel.RampingArrivalRate, TimeSpan.FromSeconds(90), 5.0, 40), (spike.Model, spike.StartTime, spike.StartTarget, spike.MaxUsers));
        Assert.Equal([new LoadStage(TimeSpan.FromSeconds(30), 50)], spike.Stages);
        Assert.Equal("search", o.Scenarios[1].Tags["team"]);
        Assert.Equal("read", o.Scenarios[1].Steps[0].Tags["type"]);

        // The test's own executor (60 s by default) runs "browse"; "spike" ends at 1m30s + 30s.
        Assert.Equal(TimeSpan.FromMinutes(2), o.PlannedDuration);
    }

    [Theory]
    [InlineData($$"""{ "scenarios": [ { "name": "a", "executor": "constant-vus", "steps": [ {{Step}} ] }, { "name": "a", "executor": "constant-arrival-rate", "steps": [ {{Step}} ] } ] }""", "scenarios[1].name 'a' is used by another scenario")]
    [InlineData("""{ "scenarios": { "a": { "executor": "constant-vus", "steps": [] } } }""", "scenarios[0].steps must have at least one step")]   // checks after reading number the scenarios of an object in file order
    [InlineData($$"""{ "scenarios": [ { "name": "a", "executor": "constant-users", "steps": [ {{Step}} ] } ] }""", "scenarios[0].executor 'constant-users' is not a load model; use constant-vus, ramping-vus, constant-arrival-rate, ramping-arrival-rate")]
    [InlineData($$"""{ "scenarios": [ { "name": "a", "rate": 5, "steps": [ {{Step}} ] } ] }""", "scenarios[0].rate applies to a scenario with its own executor; add scenarios[0].executor (constant-vus, ramping-vus, constant-arrival-rate, ramping-arrival-rate) or move it to the top level")]
    [InlineData($$"""{ "scenarios": [ { "name": "a", "executor": "constant-vus", "startTime": -1, "steps": [ {{Step}} ] } ] }""", "scenarios[0].startTime must be >= 0 (was -1 s)")]
    [InlineData($$"""{ "scenarios": [ { "name": "a", "executor": "ramping-vus", "steps": [ {{Step}} ] } ] }""", "scenarios[0].stages must have at least one stage for ramping-vus")]
    [InlineData($$"""{ "scenarios": [ { "name": "a", "executor": "constant-arrival-rate", "rate": 0, "steps": [ {{Step}} ] } ] }""", "scenarios[0].rate must be > 0 iterations per second (was 0)")]
    [InlineData($$"""{ "scenarios": [ { "name": "a", "executor": "constant-vus", "startTime": "soon", "steps": [ {{Step}} ] } ] }""", "scenarios[0].startTime must be a number of seconds or a duration such as \"500ms\", \"30s\", \"5m\", \"1h30m\" or \"00:01:30\" (was 'soon')")]
    [InlineData("""{ "scenarios": [ { "name": "a", "steps": [ { "name": "x", "type": "t", "tags": { "scenario": "b" } } ] } ] }""", "scenarios[0].steps[0].tags.scenario is set by the engine to the scenario's name; choose another tag name")]
    [InlineData("""{ "scenarios": [ { "name": "a", "steps": [ { "name": "x", "type": "t", "tags": { "type": "a,b" } } ] } ] }""", "scenarios[0].steps[0].tags.type 'a,b' is not a tag value; it must be non-empty without { } , :")]
    [InlineData("""{ "scenarios": [ { "name": "a", "steps": [ { "name": "x", "type": "t", "tags": { "type": 3 } } ] } ] }""", "scenarios[0].steps[0].tags.type must be a string")]
    [InlineData($$"""{ "thresholds": [ { "expression": "count>1", "step": "{type:write}" } ], "scenarios": [ { "name": "a", "steps": [ {{Step}} ] } ] }""", "thresholds[0].step '{type:write}' matches no step; a step carries its own tags, its scenario's and scenario:<its scenario's name>")]
    [InlineData($$"""{ "thresholds": [ { "expression": "count>1", "step": "{type}" } ], "scenarios": [ { "name": "a", "steps": [ {{Step}} ] } ] }""", "thresholds[0].step '{type}' has 'type', not tag:value; write it as {tag:value} or {tag:value,tag:value}")]
    public void Parse_InvalidScenarioOrTag_OneErrorNamingTheField(string json, string expected)
    {
        var ex = Assert.Throws<LoadTestConfigurationException>(() => LoadTestConfiguration.Parse(json));

        Assert.Equal(expected, Assert.Single(ex.Errors));
    }

    [Fact]
    public void Parse_EveryScenarioWithItsOwnExecutor_IgnoresTheTestsExecutor()
    {
        // A ramping top level without stages would be invalid, but no scenario runs on it.
        var o = LoadTestConfiguration.Parse($$"""{ "executor": "ramping-vus", "scenarios": [ { "name": "a", "executor": "constant-vus", "duration": "5s", "steps": [ {{Step}} ] } ] }""");

        Assert.Equal(TimeSpan.FromSeconds(5), o.PlannedDuration);
    }
}
