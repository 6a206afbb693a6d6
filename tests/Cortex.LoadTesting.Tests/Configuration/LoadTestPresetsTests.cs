using Cortex.LoadTesting.Configuration;
using Cortex.LoadTesting.Tests.Support;

namespace Cortex.LoadTesting.Tests.Configuration;

public sealed class LoadTestPresetsTests
{
    private static readonly ScenarioOptions[] Scenarios = [Plans.Scenario("s", ("x", "noop"))];

    [Theory]
    [InlineData("smoke")]
    [InlineData("load")]
    [InlineData("stress")]
    [InlineData("endurance")]
    public void ScaleTo_ThirtySeconds_PlansThirtySecondsWhateverThePresetsStages(string name)
    {
        var scaled = LoadTestPresets.Create(name, Scenarios, LoadTestPresets.ScaleTo(name, TimeSpan.FromSeconds(30)));

        Assert.Equal(30, scaled.PlannedDuration.TotalSeconds, 6);
        Assert.Empty(LoadTestConfiguration.Validate(scaled));
    }

    [Fact]
    public void PlannedDuration_Stress_IsItsStagesAndLoadIsRampPlusHold()
    {
        Assert.Equal(TimeSpan.FromMinutes(30), LoadTestPresets.Stress(Scenarios).PlannedDuration);
        Assert.Equal(TimeSpan.FromSeconds(660), LoadTestPresets.Load(Scenarios).PlannedDuration);
    }

    [Fact]
    public void Presets_Unscaled_HaveTheSeedsShapes()
    {
        var smoke = LoadTestPresets.Smoke(Scenarios);
        var load = LoadTestPresets.Load(Scenarios);
        var stress = LoadTestPresets.Stress(Scenarios);
        var endurance = LoadTestPresets.Endurance(Scenarios);

        Assert.Equal((LoadModel.ConstantVus, 5, TimeSpan.FromMinutes(1)), (smoke.Model, smoke.ConcurrentUsers, smoke.Duration));
        Assert.Equal((LoadModel.ConstantVus, 100, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(60)), (load.Model, load.ConcurrentUsers, load.Duration, load.RampUpPeriod));
        Assert.Equal(LoadModel.RampingArrivalRate, stress.Model);
        Assert.True(stress.AnalyzeBreakpoints);
        Assert.Equal(TimeSpan.FromMinutes(30), TimeSpan.FromTicks(stress.Stages.Sum(s => s.Duration.Ticks)));
        Assert.Equal(1000, stress.Stages.Max(s => s.Target));
        Assert.Equal(500, stress.MaxUsers);
        Assert.All(stress.Thresholds, t => Assert.True(t.AbortOnFail));
        Assert.Equal(TimeSpan.FromHours(24), endurance.Duration);
        Assert.All(new[] { smoke, load, stress, endurance }, o => Assert.Empty(LoadTestConfiguration.Validate(o)));
        Assert.All(new[] { smoke, load, stress, endurance }, o => Assert.Equal(TimeSpan.FromSeconds(2), o.SloTargets!.MaxResponseTimeP95));
    }

    [Fact]
    public void Presets_Scaled_ScaleDurationsAndLoad()
    {
        var smoke = LoadTestPresets.Smoke(Scenarios, new PresetScale(DurationFactor: 20.0 / 60));
        var stress = LoadTestPresets.Stress(Scenarios, new PresetScale(DurationFactor: 1.0 / 90, LoadFactor: 0.5));

        Assert.Equal(TimeSpan.FromSeconds(20), smoke.Duration);
        Assert.Equal(5, smoke.ConcurrentUsers);
        Assert.Equal(20, stress.Stages.Sum(s => s.Duration.TotalSeconds), 3);
        Assert.Equal(500, stress.Stages.Max(s => s.Target));
        Assert.Equal(250, stress.MaxUsers);
        Assert.Empty(LoadTestConfiguration.Validate(stress));
    }

    [Fact]
    public void Create_UnknownName_ListsThePresets()
    {
        var ex = Assert.Throws<ArgumentException>(() => LoadTestPresets.Create("soak", Scenarios));

        Assert.Contains("smoke, load, stress, endurance", ex.Message, StringComparison.Ordinal);
        Assert.Equal("stress", LoadTestPresets.Create("STRESS", Scenarios).TestName);
    }

    [Fact]
    public async Task Smoke_ScaledToOneSecond_RunsAndPasses()
    {
        var options = LoadTestPresets.Smoke(Scenarios, new PresetScale(DurationFactor: 1.0 / 60));

        var result = await new LoadTestFramework(options, [TestStepHandler.NoOp()]).ExecuteAsync(TestContext.Current.CancellationToken);

        Assert.True(result.Passed);
        Assert.Equal(5, result.PeakActiveUsers);
        Assert.Equal(3, result.Thresholds.Count);
    }
}
