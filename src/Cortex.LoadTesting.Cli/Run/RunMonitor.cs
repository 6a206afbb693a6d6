using Cortex.LoadTesting.Results;
using Spectre.Console;

namespace Cortex.LoadTesting.Cli.Run;

/// <summary>Runs a test and shows its progress as <see cref="RunView"/> says, until it returns its result.</summary>
/// <param name="console">Where progress is shown.</param>
/// <param name="framework">The test.</param>
/// <param name="view">How progress is shown.</param>
/// <param name="execute">Runs the test; <see cref="LoadTestFramework.ExecuteAsync"/> unless it runs as an agent of a distributed run.</param>
internal sealed class RunMonitor(IAnsiConsole console, LoadTestFramework framework, RunView view, Func<LoadTestFramework, CancellationToken, Task<LoadTestResult>>? execute = null)
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private LoadTestProgress? _latest;
    private volatile bool _stopping;

    /// <summary>Runs the test; cancelling <paramref name="cancellationToken"/> stops it gracefully and still returns what ran.</summary>
    public async Task<LoadTestResult> RunAsync(CancellationToken cancellationToken)
    {
        framework.Progress += OnProgress;
        try
        {
            using var stopping = cancellationToken.Register(OnStopping);
            var run = execute is null ? framework.ExecuteAsync(cancellationToken) : execute(framework, cancellationToken);
            if (view == RunView.Live)
            {
                await ShowLiveAsync(run).ConfigureAwait(false);
            }

            return await run.ConfigureAwait(false);
        }
        finally
        {
            framework.Progress -= OnProgress;
        }
    }

    private Task ShowLiveAsync(Task<LoadTestResult> run) =>
        console.Live(Render()).AutoClear(true).StartAsync(async live =>
        {
            while (!run.IsCompleted)
            {
                await Task.WhenAny(run, Task.Delay(RedrawInterval, CancellationToken.None)).ConfigureAwait(false);
                live.UpdateTarget(Render());
            }
        });

    private Spectre.Console.Rendering.IRenderable Render() =>
        LiveView.Render(framework.Options, Volatile.Read(ref _latest), _stopping, console.Profile.Capabilities.Unicode);

    private void OnProgress(object? sender, LoadTestProgress progress)
    {
        Volatile.Write(ref _latest, progress);
        if (view == RunView.Lines)
        {
            WriteLine(ProgressLine.Format(progress));
        }
    }

    private void OnStopping()
    {
        _stopping = true;
        if (view == RunView.Lines)
        {
            WriteLine($"stopping (Ctrl+C): no new iterations start; running ones get up to {ProgressLine.Duration(framework.Options.GracefulStop)} to finish, then the reports are written.");
        }
    }

    private void WriteLine(string text)
    {
        // Progress arrives on the run's reporter, Ctrl+C on a signal thread: one line at a time.
        lock (_gate)
        {
            console.WriteLine(text);
        }
    }
}
