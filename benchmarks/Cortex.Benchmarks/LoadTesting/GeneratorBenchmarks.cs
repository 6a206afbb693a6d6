using BenchmarkDotNet.Attributes;
using Cortex.Abstractions.Steps;
using Cortex.LoadTesting;

namespace Cortex.Benchmarks.LoadTesting;

/// <summary>
/// The generator's ceiling: a fixed number of iterations of a no-op step by 100 virtual users, through the engine
/// (scenario choice, timeout token, two timestamps and two histogram records per step and per iteration, counters)
/// against 100 bare async loops calling the same step (what a hand-written load loop costs, with nothing measured).
/// The time per operation is the time per iteration on the whole machine; 1 s divided by it is the ceiling.
/// </summary>
public class GeneratorBenchmarks
{
    private const int Iterations = 1_000_000;
    private const int Users = 100;

    [Benchmark(Baseline = true, OperationsPerInvoke = Iterations)]
    public async Task BareAsyncLoops_100Users()
    {
        var step = new CountingHandler(null).Prepare(null!);
        var remaining = Iterations;
        var loops = new Task[Users];
        for (var u = 0; u < Users; u++)
        {
            var user = u;
            loops[u] = Task.Run(async () =>
            {
                long i = 0;
                while (Interlocked.Decrement(ref remaining) >= 0)
                {
                    await step.ExecuteAsync(new StepContext(user, i++), CancellationToken.None);
                }
            });
        }

        await Task.WhenAll(loops);
    }

    [Benchmark(OperationsPerInvoke = Iterations)]
    public async Task<long> Engine_ConstantVus_100Users()
    {
        var options = new LoadTestOptions { TestName = "ceiling", ConcurrentUsers = Users, Duration = TimeSpan.FromMinutes(10), GracefulStop = TimeSpan.FromSeconds(10) };
        var scenario = new ScenarioOptions { Name = "noop" };
        scenario.Steps.Add(new StepOptions { Name = "noop", Type = "noop" });
        options.Scenarios.Add(scenario);
        LoadTestFramework? framework = null;
        var handler = new CountingHandler(() => framework!.Stop());
        framework = new LoadTestFramework(options, [handler]);
        var result = await framework.ExecuteAsync();
        return result.Iterations.Completed;
    }

    /// <summary>Memory per virtual user: compare the allocation of these two runs (1,000 − 100 users) / 900.</summary>
    [Benchmark]
    [Arguments(100)]
    [Arguments(1000)]
    public async Task<long> Engine_StartUsersOnce(int users)
    {
        var options = new LoadTestOptions { TestName = "users", ConcurrentUsers = users, Duration = TimeSpan.FromMinutes(10), GracefulStop = TimeSpan.FromSeconds(10) };
        var scenario = new ScenarioOptions { Name = "hold" };
        scenario.Steps.Add(new StepOptions { Name = "hold", Type = "hold" });
        options.Scenarios.Add(scenario);
        var arrived = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        LoadTestFramework? framework = null;
        var handler = new HoldHandler(async () =>
        {
            if (Interlocked.Increment(ref arrived) == users)
            {
                framework!.Stop();
                all.SetResult();
            }

            await all.Task;
        });
        framework = new LoadTestFramework(options, [handler]);
        var result = await framework.ExecuteAsync();
        return result.PeakActiveUsers;
    }

    private sealed class CountingHandler(Action? onDone) : IStepHandler, IStep
    {
        private long _count;

        public string StepType => "noop";

        public IStep Prepare(StepDefinition definition) => this;

        public ValueTask<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            if (onDone is not null && Interlocked.Increment(ref _count) == Iterations)
            {
                onDone();
            }

            return ValueTask.FromResult(StepResult.Success);
        }
    }

    private sealed class HoldHandler(Func<Task> hold) : IStepHandler, IStep
    {
        public string StepType => "hold";

        public IStep Prepare(StepDefinition definition) => this;

        public async ValueTask<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            await hold();
            return StepResult.Success;
        }
    }
}
