using Cortex.Abstractions.Steps;
using Cortex.LoadTesting.Configuration;
using Cortex.LoadTesting.Execution;
using Cortex.LoadTesting.Feeds;
using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Steps;
using Cortex.LoadTesting.Thresholds;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cortex.LoadTesting;

/// <summary>
/// Runs one load test. The constructor validates everything (options, step types, step parameters) so a bad test
/// fails before any load is generated; <see cref="ExecuteAsync"/> runs it once and returns the result.
/// </summary>
public sealed class LoadTestFramework
{
    private readonly PreparedScenario[] _scenarios;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private LoadTestRun? _run;
    private (LoadTestStatus Status, string Reason, int Threshold)? _pendingStop;

    /// <summary>Initializes a new instance of the <see cref="LoadTestFramework"/> class.</summary>
    /// <param name="options">The test.</param>
    /// <param name="stepHandlers">The step types available to the scenarios (from dependency injection, or listed by hand).</param>
    /// <param name="logger">Where start, end and abort are logged; <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for the system clock.</param>
    /// <exception cref="LoadTestConfigurationException">An option is invalid, a step type is unknown, or a step's parameters are invalid; every problem is listed with its JSON path.</exception>
    public LoadTestFramework(LoadTestOptions options, IEnumerable<IStepHandler> stepHandlers, ILogger<LoadTestFramework>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stepHandlers);
        Options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        var errors = OptionsValidator.Validate(options);
        if (errors.Count > 0)
        {
            throw new LoadTestConfigurationException(errors);
        }

        var feeds = FeedSet.Load(options, errors);
        if (errors.Count > 0)
        {
            // A feed that could not be read would make every placeholder naming it an error too: report the cause alone.
            throw new LoadTestConfigurationException(errors);
        }

        _scenarios = Prepare(options, stepHandlers, feeds, errors);
        if (errors.Count > 0)
        {
            throw new LoadTestConfigurationException(errors);
        }
    }

    /// <summary>Raised at the end of every <see cref="LoadTestOptions.ReportingInterval"/> with the latest interval and the thresholds so far. Handlers run on the reporter; keep them short.</summary>
    public event EventHandler<LoadTestProgress>? Progress;

    /// <summary>Gets the test this framework runs.</summary>
    public LoadTestOptions Options { get; }

    /// <summary>Creates a framework for a test read from a JSON file (see <see cref="LoadTestConfiguration"/>).</summary>
    /// <param name="path">The JSON file.</param>
    /// <param name="stepHandlers">The step types available to the scenarios.</param>
    /// <param name="logger">Where start, end and abort are logged.</param>
    /// <returns>The framework.</returns>
    /// <exception cref="LoadTestConfigurationException">The file is unreadable or invalid.</exception>
    public static LoadTestFramework FromFile(string path, IEnumerable<IStepHandler> stepHandlers, ILogger<LoadTestFramework>? logger = null) =>
        new(LoadTestConfiguration.Load(path), stepHandlers, logger);

    /// <summary>
    /// Runs the test. Cancelling <paramref name="cancellationToken"/> (for example on Ctrl+C) stops it gracefully like
    /// <see cref="Stop"/>: the result covers what ran, with <see cref="LoadTestStatus.Stopped"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops the run gracefully.</param>
    /// <returns>The result.</returns>
    /// <exception cref="InvalidOperationException">The test was already run; create a new framework for another run.</exception>
    public Task<LoadTestResult> ExecuteAsync(CancellationToken cancellationToken = default) => ExecuteHookedAsync(RunHooks.None, cancellationToken);

    /// <summary>Runs the test as part of a larger run (see <see cref="RunHooks"/>).</summary>
    internal Task<LoadTestResult> ExecuteHookedAsync(RunHooks hooks, CancellationToken cancellationToken)
    {
        LoadTestRun run;
        lock (_lock)
        {
            if (_run is not null)
            {
                throw new InvalidOperationException($"Load test '{Options.TestName}' has already been run; create a new {nameof(LoadTestFramework)} to run it again.");
            }

            _run = run = new LoadTestRun(Options, _scenarios, _time, _logger, p => Progress?.Invoke(this, p), hooks);
            if (_pendingStop is { } pending)
            {
                run.RequestStop(pending.Status, pending.Reason, pending.Threshold);
            }
        }

        return RunAsync(run, cancellationToken);
    }

    private async Task<LoadTestResult> RunAsync(LoadTestRun run, CancellationToken cancellationToken)
    {
        using (run)
        {
            if (Options.Monitor is not { } monitor)
            {
                return await run.RunAsync(cancellationToken).ConfigureAwait(false);
            }

            var watching = await Endurance.Internal.TargetMonitor.StartAsync(monitor, _time, cancellationToken).ConfigureAwait(false);
            await using (watching.ConfigureAwait(false))
            {
                var result = await run.RunAsync(cancellationToken).ConfigureAwait(false);
                var (samples, trace, error) = await watching.StopAsync().ConfigureAwait(false);
                var warmUp = Endurance.Internal.EnduranceAnalyzer.WarmUpOf(monitor, Options);
                return result with { Endurance = Endurance.Internal.EnduranceAnalyzer.Analyze(samples, result.Timeline, monitor, warmUp, trace, error) };
            }
        }
    }

    /// <summary>Stops the run gracefully: no new iterations start, running ones get <see cref="LoadTestOptions.GracefulStop"/> to finish, and the result covers what ran.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            if (_run is null)
            {
                _pendingStop = (LoadTestStatus.Stopped, "stopped before it started", -1);
                return;
            }
        }

        _run.RequestStop(LoadTestStatus.Stopped, "stopped");
    }

    /// <summary>Stops the run (or the run to come) for a reason from outside it, such as another agent's abort; the first stop wins.</summary>
    /// <param name="status">How the run ends.</param>
    /// <param name="reason">Why.</param>
    /// <param name="threshold">The index of the threshold that caused it, or -1.</param>
    internal void StopFor(LoadTestStatus status, string reason, int threshold)
    {
        lock (_lock)
        {
            if (_run is null)
            {
                _pendingStop ??= (status, reason, threshold);
                return;
            }
        }

        _run.RequestStop(status, reason, threshold);
    }

    private static PreparedScenario[] Prepare(LoadTestOptions options, IEnumerable<IStepHandler> stepHandlers, FeedSet? feeds, List<string> errors)
    {
        var handlers = new Dictionary<string, IStepHandler>(StringComparer.OrdinalIgnoreCase);
        foreach (var handler in stepHandlers)
        {
            handlers.TryAdd(handler.StepType, handler);
        }

        var known = string.Join(", ", handlers.Keys.Order(StringComparer.OrdinalIgnoreCase));
        var scenarios = new PreparedScenario[options.Scenarios.Count];
        for (var i = 0; i < scenarios.Length; i++)
        {
            var s = options.Scenarios[i];
            var steps = new PreparedStep[s.Steps.Count];
            for (var j = 0; j < steps.Length; j++)
            {
                var step = s.Steps[j];
                var path = $"scenarios[{i}].steps[{j}]";
                IStep? prepared = null;
                if (!handlers.TryGetValue(step.Type, out var handler))
                {
                    errors.Add($"{path}.type '{step.Type}' (step '{step.Name}' of scenario '{s.Name}') is not a registered step type; registered: {(known.Length == 0 ? "none" : known)}");
                }
                else
                {
                    try
                    {
                        var definition = new StepDefinition(s.Name, step.Name, step.Type, step.Parameters);
                        prepared = handler is HttpStepHandler http ? http.Prepare(definition, feeds) : handler.Prepare(definition);
                    }
                    catch (StepConfigurationException ex)
                    {
                        errors.Add($"{path}.parameters: {ex.Message}");
                    }
                }

                steps[j] = new PreparedStep(step.Name, step.Type, prepared!, step.Timeout ?? options.StepTimeout, new OperationMetrics(step.Name, step.Type), ThresholdScope.StepTags(s, step));
            }

            scenarios[i] = new PreparedScenario(s.Name, s.Weight, s.ThinkTime, s.Pacing, steps, new OperationMetrics(s.Name, null), feeds);
        }

        return scenarios;
    }
}
