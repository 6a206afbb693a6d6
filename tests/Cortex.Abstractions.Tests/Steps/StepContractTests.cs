using System.Text.Json;
using Cortex.Abstractions.Steps;
using Microsoft.Extensions.DependencyInjection;

namespace Cortex.Abstractions.Tests.Steps;

public sealed class StepContractTests
{
    private sealed class EchoHandler : IStepHandler
    {
        public string StepType => "echo";

        public IStep Prepare(StepDefinition definition)
        {
            if (!definition.Parameters.TryGetProperty("fail", out var fail) || fail.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw definition.InvalidParameter("fail", "must be true or false");
            }

            return new EchoStep(fail.GetBoolean());
        }
    }

    private sealed class EchoStep(bool fail) : IStep
    {
        public ValueTask<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(fail ? StepResult.Failed("echo_failed", 500) : StepResult.Succeeded(200));
    }

    [Fact]
    public async Task AddCortexStepHandler_RegisteredTwice_ResolvesOnceAndExecutes()
    {
        var services = new ServiceCollection().AddCortexStepHandler<EchoHandler>().AddCortexStepHandler<EchoHandler>();
        using var provider = services.BuildServiceProvider();

        var handler = Assert.Single(provider.GetServices<IStepHandler>());
        using var doc = JsonDocument.Parse("""{"fail":true}""");
        var step = handler.Prepare(new StepDefinition("s", "n", "echo", doc.RootElement));
        var result = await step.ExecuteAsync(new StepContext(0, 0), TestContext.Current.CancellationToken);

        Assert.False(result.IsSuccess);
        Assert.Equal("echo_failed", result.ErrorType);
        Assert.Equal(500, result.StatusCode);
    }

    [Fact]
    public void InvalidParameter_NamesScenarioStepTypeAndParameter()
    {
        using var doc = JsonDocument.Parse("{}");
        var definition = new StepDefinition("checkout", "pay", "echo", doc.RootElement);

        var ex = Assert.Throws<StepConfigurationException>(() => new EchoHandler().Prepare(definition));

        Assert.Equal("Step 'pay' (type 'echo') in scenario 'checkout': parameter 'fail' must be true or false.", ex.Message);
    }

    [Fact]
    public void Failed_WithoutErrorType_Throws()
    {
        Assert.Throws<ArgumentException>(() => StepResult.Failed(" "));
        Assert.True(StepResult.Success.IsSuccess);
        Assert.Null(StepResult.Success.ErrorType);
    }
}
