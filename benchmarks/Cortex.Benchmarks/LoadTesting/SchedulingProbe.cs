using System.Globalization;
using Cortex.Abstractions.Steps;
using Cortex.LoadTesting;

namespace Cortex.Benchmarks.LoadTesting;

/// <summary>
/// The open model's scheduling accuracy at 10,000 arrivals per second: the achieved rate of every full 1-second
/// interval against the target, and how late iterations started against their intended times. Accuracy is not a time
/// per operation, so this is a probe next to the BenchmarkDotNet runs: <c>-- --probe scheduling</c>.
/// </summary>
internal static class SchedulingProbe
{
    public static async Task RunAsync()
    {
        const double rate = 10_000;
        var options = new LoadTestOptions
        {
            TestName = "scheduling",
            Model = LoadModel.ConstantArrivalRate,
            Rate = rate,
            Duration = TimeSpan.FromSeconds(10),
            PreAllocatedUsers = 100,
            MaxUsers = 1000,
            ReportingInterval = TimeSpan.FromSeconds(1),
        };
        var scenario = new ScenarioOptions { Name = "noop" };
        scenario.Steps.Add(new StepOptions { Name = "noop", Type = "noop" });
        options.Scenarios.Add(scenario);

        var result = await new LoadTestFramework(options, [new NoOp()]).ExecuteAsync();

        var full = result.Timeline.Where(p => p.Interval >= TimeSpan.FromSeconds(0.99)).ToList();
        var worst = full.Max(p => Math.Abs((p.IterationsStarted / p.Interval.TotalSeconds) - rate) / rate);
        var total = Math.Abs(result.Iterations.Started + result.Iterations.Dropped - (rate * 10)) / (rate * 10);
        var iterations = result.Scenarios[0].Iterations;
        var lag = iterations.Latency.Mean - iterations.ServiceTime.Mean;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"target {rate:0}/s for 10 s: started {result.Iterations.Started:N0}, dropped {result.Iterations.Dropped:N0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total count error {total:P3}; worst 1-second rate error {worst:P2} over {full.Count} intervals"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"start lag (corrected - service): mean {lag * 1000:0} µs, corrected p99 {iterations.Latency.P99 * 1000:0} µs, service p99 {iterations.ServiceTime.P99 * 1000:0} µs"));
    }

    private sealed class NoOp : IStepHandler, IStep
    {
        public string StepType => "noop";

        public IStep Prepare(StepDefinition definition) => this;

        public ValueTask<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken) => ValueTask.FromResult(StepResult.Success);
    }
}
