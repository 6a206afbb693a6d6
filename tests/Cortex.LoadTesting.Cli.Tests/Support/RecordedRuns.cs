[assembly: AssemblyFixture(typeof(Cortex.LoadTesting.Cli.Tests.RecordedRuns))]

namespace Cortex.LoadTesting.Cli.Tests;

/// <summary>
/// Two real runs recorded once for every test that reads saved results: <see cref="FastPath"/> waits 2 ms a step,
/// <see cref="SlowPath"/> waits 40 ms, so the slow one's p95 is many times the fast one's however busy the machine is.
/// </summary>
public sealed class RecordedRuns : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    public string FastPath => _directory.File("out/checkout.json");

    public string SlowPath => _directory.File("slow/checkout.json");

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var fast = _directory.Config("fast.json", Configs.Delay("checkout", seconds: 1, delayMs: 2));
        var slow = _directory.Config("slow.json", Configs.Delay("checkout", seconds: 1, delayMs: 40));
        var runs = await Task.WhenAll(
            Cli.RunAsync(ct, "run", "--config", fast, "--out", _directory.File("out"), "--format", "json"),
            Cli.RunAsync(ct, "run", "--config", slow, "--out", _directory.File("slow"), "--format", "json"));
        foreach (var run in runs)
        {
            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        }
    }

    public ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
