using System.Text.Json;
using Cortex.Abstractions.Steps;

namespace Cortex.LoadTesting.Tests.Support;

/// <summary>A step type whose behaviour the test supplies: it stands for the system under load, not for the engine.</summary>
internal sealed class TestStepHandler(string stepType, Func<StepContext, CancellationToken, ValueTask<StepResult>> execute) : IStepHandler
{
    public string StepType => stepType;

    public IStep Prepare(StepDefinition definition) => new Step(execute);

    public static TestStepHandler NoOp(string type = "noop") => new(type, static (_, _) => ValueTask.FromResult(StepResult.Success));

    private sealed class Step(Func<StepContext, CancellationToken, ValueTask<StepResult>> execute) : IStep
    {
        public ValueTask<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken) => execute(context, cancellationToken);
    }
}

internal static class Plans
{
    public static ScenarioOptions Scenario(string name, params (string Name, string Type)[] steps) => Scenario(name, 1, steps);

    public static ScenarioOptions Scenario(string name, double weight, params (string Name, string Type)[] steps)
    {
        var scenario = new ScenarioOptions { Name = name, Weight = weight };
        foreach (var (stepName, type) in steps)
        {
            scenario.Steps.Add(new StepOptions { Name = stepName, Type = type });
        }

        return scenario;
    }

    public static StepOptions Step(string name, string type, object parameters) =>
        new() { Name = name, Type = type, Parameters = JsonSerializer.SerializeToElement(parameters) };

    /// <summary>One user running one <c>http</c> step about <paramref name="count"/> times in a second.</summary>
    public static LoadTestOptions HttpIterations(object parameters, int count)
    {
        var scenario = new ScenarioOptions { Name = "s" };
        scenario.Steps.Add(Step("call", "http", parameters));
        var options = Options(LoadModel.ConstantArrivalRate, scenario);
        options.Rate = count;
        options.Duration = TimeSpan.FromSeconds(1);
        options.PreAllocatedUsers = 1;
        options.MaxUsers = 1;
        return options;
    }

    public static LoadTestOptions Options(LoadModel model, params ScenarioOptions[] scenarios)
    {
        var options = new LoadTestOptions { TestName = "t", Model = model, ReportingInterval = TimeSpan.FromMilliseconds(250), GracefulStop = TimeSpan.FromSeconds(5) };
        foreach (var s in scenarios)
        {
            options.Scenarios.Add(s);
        }

        return options;
    }
}
