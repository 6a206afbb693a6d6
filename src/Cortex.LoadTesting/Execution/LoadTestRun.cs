using System.Collections.Concurrent;
using System.Globalization;
using Cortex.Abstractions.Steps;
using Cortex.LoadTesting.Analysis;
using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Thresholds;
using HdrHistogram;
using Microsoft.Extensions.Logging;

namespace Cortex.LoadTesting.Execution;

/// <summary>One execution of a load test: the generator (closed or open), the reporter and the result.</summary>
internal sealed partial class LoadTestRun : IDisposable
{
    private static readonly ConcurrentDictionary<Type, string> ExceptionTypes = new();
    private static readonly TimeSpan ControllerTick = TimeSpan.FromMilliseconds(10);

    private readonly LoadTestOptions _options;
    private readonly PreparedScenario[] _scenarios;
    private readonly LoadGenerator[] _generators;
    private readonly IReadOnlyList<CompiledThreshold> _thresholds;
    private readonly OperationMetrics[]?[] _tagged;
    private readonly TimeSpan _plannedDuration;
    private readonly string _executors;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<LoadTestProgress> _progress;
    private readonly RunHooks _hooks;
    private readonly double _microsPerTick;
    private readonly CancellationTokenSource _stopGenerating = new();
    private readonly CancellationTokenSource _hardStop = new();
    private readonly List<TimelinePoint> _timeline = [];
    private readonly LongHistogram _totalService = HistogramCodec.Create();
    private readonly LongHistogram _totalLatency = HistogramCodec.Create();
    private readonly LongHistogram _intervalService = HistogramCodec.Create();
    private readonly LongHistogram _intervalLatency = HistogramCodec.Create();
    private readonly Lock _stateLock = new();

    private long _start;
    private long _lastReport;
    private int _busy;
    private int _peakBusy;
    private long _reportedStarted;
    private long _reportedDropped;
    private long _totalErrors;
    private LoadTestStatus _status = LoadTestStatus.Completed;
    private string? _stopReason;
    private int _abortingThreshold = -1;
    private DateTimeOffset _startedAt;

    public LoadTestRun(LoadTestOptions options, PreparedScenario[] scenarios, TimeProvider time, ILogger logger, Action<LoadTestProgress> progress, RunHooks? hooks = null)
    {
        _hooks = hooks ?? RunHooks.None;
        _options = options;
        _scenarios = scenarios;
        _time = time;
        _logger = logger;
        _progress = progress;
        _generators = LoadGenerator.For(options, scenarios);
        _plannedDuration = options.PlannedDuration;
        _executors = _generators.Length == 1 ? _generators[0].Load.Model.ToString() : $"{_generators.Length} executors";
        _thresholds = CompiledThreshold.From(options);
        _tagged = [.. _thresholds.Select(t => t.Tags is { } tags
            ? scenarios.SelectMany(sc => sc.Steps).Where(st => ThresholdScope.Matches(tags, st.Tags)).Select(st => st.Metrics).ToArray()
            : null)];
        _microsPerTick = 1_000_000.0 / time.TimestampFrequency;
    }

    public void Dispose()
    {
        foreach (var user in _generators.SelectMany(g => g.Users))
        {
            user.Dispose();
        }

        _stopGenerating.Dispose();
        _hardStop.Dispose();
    }

    /// <summary>Gets the executor of a run that has one (the common case): breakpoints and user advice are about it. <see langword="null"/> when scenarios run on several.</summary>
    private LoadShapeOptions? SoleLoad => _generators.Length == 1 ? _generators[0].Load : null;

    private int OwnedShare(int globalCount)
    {
        // Segment i of n owns the global user or arrival indices i-1, i-1+n, i-1+2n, ...
        var first = _options.Segment.Index - 1;
        return globalCount <= first ? 0 : ((globalCount - first - 1) / _options.Segment.Count) + 1;
    }

    /// <summary>Asks the generator to stop starting iterations; the first reason given wins.</summary>
    public void RequestStop(LoadTestStatus status, string reason) => RequestStop(status, reason, abortingThreshold: -1);

    /// <summary>Asks the generator to stop; <paramref name="abortingThreshold"/> is the index of the threshold that caused it, or -1.</summary>
    /// <returns><see langword="true"/> when this was the first stop asked for.</returns>
    public bool RequestStop(LoadTestStatus status, string reason, int abortingThreshold)
    {
        lock (_stateLock)
        {
            if (_stopGenerating.IsCancellationRequested)
            {
                return false;
            }

            _status = status;
            _stopReason = reason;
            if (abortingThreshold >= 0)
            {
                _abortingThreshold = abortingThreshold;
            }

            _stopGenerating.Cancel();
        }

        if (status != LoadTestStatus.Completed)
        {
            _hooks.Stopping?.Invoke(status, reason);
        }

        return true;
    }

    public async Task<LoadTestResult> RunAsync(CancellationToken cancellationToken)
    {
        using var external = cancellationToken.Register(() => RequestStop(LoadTestStatus.Stopped, "cancelled"));
        var startedAt = _startedAt = _time.GetUtcNow();
        _start = _time.GetTimestamp();
        _lastReport = _start;
        LogStarting(_logger, _options.TestName, _executors, _plannedDuration.TotalSeconds, _options.Segment);

        using var reporterStop = new CancellationTokenSource();
        var reporter = ReportLoopAsync(reporterStop.Token);
        try
        {
            await GenerateAsync().ConfigureAwait(false);
        }
        finally
        {
            await reporterStop.CancelAsync().ConfigureAwait(false);
            await reporter.ConfigureAwait(false);
        }

        var end = _time.GetTimestamp();
        Report(end);

        var result = BuildResult(startedAt, _time.GetElapsedTime(_start, end), [.. _timeline], finish: true);
        LogFinished(_logger, _options.TestName, result.Status, result.Requests.Count, result.Requests.Errors, result.Passed);
        return result;
    }

    /// <summary>Drives every generator at once until each has run its plan (or the run stops), then gives what still runs the graceful stop.</summary>
    private async Task GenerateAsync()
    {
        var loops = new List<Task>();
        await Task.WhenAll(_generators.Select(g => g.IsOpen ? RunOpenAsync(g) : RunClosedAsync(g, loops))).ConfigureAwait(false);
        RequestStop(LoadTestStatus.Completed, "completed");
        Task[] running;
        lock (loops)
        {
            running = [.. loops];
        }

        // Open generators' iterations run on the pool, not in loops: they are waited for through the busy count.
        await DrainAsync(Task.WhenAll(_generators.Any(g => g.IsOpen) ? [.. running, WaitIdleAsync()] : running)).ConfigureAwait(false);
    }

    private async Task RunClosedAsync(LoadGenerator g, List<Task> loops)
    {
        var stop = _stopGenerating.Token;
        var planStart = g.StartTime.TotalSeconds;
        var planEnd = g.Plan.Duration.TotalSeconds;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var t = _time.GetElapsedTime(_start).TotalSeconds - planStart;
                if (t >= planEnd)
                {
                    break;
                }

                var target = t < 0 ? 0 : OwnedShare((int)Math.Floor(g.Plan.TargetAt(t) + 1e-9));
                Volatile.Write(ref g.ActiveTarget, target);
                while (g.Users.Count < target)
                {
                    AddUser(g);
                }

                lock (loops)
                {
                    for (var i = 0; i < target; i++)
                    {
                        var user = g.Users[i];
                        if (!user.Running)
                        {
                            user.Running = true;
                            loops.Add(RunUserLoopAsync(user));
                        }
                    }

                    loops.RemoveAll(l => l.IsCompleted);
                }

                await Task.Delay(ControllerTick, _time, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped early; fall through to the graceful stop.
        }

        // This generator's users finish the iteration they are in; the others' go on.
        Volatile.Write(ref g.ActiveTarget, 0);
    }

    private async Task DrainAsync(Task running)
    {
        try
        {
            await running.WaitAsync(_options.GracefulStop, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogGracefulStopExpired(_logger, _options.GracefulStop.TotalSeconds);
            await _hardStop.CancelAsync().ConfigureAwait(false);
            await running.ConfigureAwait(false);
        }
    }

    private async Task RunUserLoopAsync(VirtualUser user)
    {
        await Task.Yield();
        var sinceYield = 0;
        try
        {
            while (!_stopGenerating.IsCancellationRequested && user.LocalIndex < Volatile.Read(ref user.Generator.ActiveTarget))
            {
                var scenario = user.Generator.Pick(user.NextChoice());
                var begin = _time.GetTimestamp();
                var expected = scenario.Pacing is { } pacing ? (long)pacing.TotalMicroseconds : 0;
                Interlocked.Increment(ref _busy);
                UpdatePeak();
                var iteration = RunIterationAsync(user, scenario, begin, begin, expected);
                var wentAsync = !iteration.IsCompleted;
                await iteration.ConfigureAwait(false);
                Interlocked.Decrement(ref _busy);

                var pause = scenario.Pacing is { } p
                    ? p - _time.GetElapsedTime(begin)
                    : scenario.ThinkTime is { } think ? Think(user, think) : TimeSpan.Zero;
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, _time, _stopGenerating.Token).ConfigureAwait(false);
                }
                else if (!wentAsync && ++sinceYield >= 64)
                {
                    // A step that completes synchronously would otherwise keep this thread forever.
                    sinceYield = 0;
                    await Task.Yield();
                }
            }
        }
        catch (OperationCanceledException) when (_stopGenerating.IsCancellationRequested)
        {
            // Think time or pacing cut short by the stop.
        }
        finally
        {
            user.Running = false;
        }
    }

    private static TimeSpan Think(VirtualUser user, ThinkTime think) =>
        think.Max <= think.Min ? think.Min : think.Min + ((think.Max - think.Min) * user.Random.NextDouble());

    private async Task RunOpenAsync(LoadGenerator g)
    {
        var preAllocated = Math.Min(OwnedShare(g.Load.PreAllocatedUsers), OwnedShare(g.Load.MaxUsers));
        for (var i = 0; i < preAllocated; i++)
        {
            g.Idle.Enqueue(AddUser(g));
        }

        var maxUsers = Math.Max(1, OwnedShare(g.Load.MaxUsers));
        var stop = _stopGenerating.Token;
        var frequency = _time.TimestampFrequency;
        long k = _options.Segment.Index - 1;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var at = g.Plan.ArrivalTime(k);
                if (double.IsPositiveInfinity(at))
                {
                    break;
                }

                var due = _start + (long)((g.StartTime.TotalSeconds + at) * frequency);
                var now = _time.GetTimestamp();
                if (now < due)
                {
                    // Timers fire in about a millisecond; arrivals due meanwhile start together at their own intended times.
                    await Task.Delay(TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, (due - now) * TimeSpan.TicksPerSecond / frequency)), _time, stop).ConfigureAwait(false);
                    continue;
                }

                if (!g.Idle.TryDequeue(out var user))
                {
                    if (g.Users.Count < maxUsers)
                    {
                        user = AddUser(g);
                    }
                    else
                    {
                        Volatile.Write(ref g.Dropped, g.Dropped + 1);
                        k += _options.Segment.Count;
                        continue;
                    }
                }

                user.Arrival = ((k * 0.6180339887498949) % 1.0, due);

                // Counted busy before it is queued, so the drain never misses an iteration the pool has not started yet.
                Interlocked.Increment(ref _busy);
                UpdatePeak();
                ThreadPool.UnsafeQueueUserWorkItem(user, preferLocal: false);
                k += _options.Segment.Count;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped early; fall through to the graceful stop.
        }
    }

    private async Task WaitIdleAsync()
    {
        while (Volatile.Read(ref _busy) > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), _time).ConfigureAwait(false);
        }
    }

    internal async Task RunArrivalAsync(VirtualUser user)
    {
        try
        {
            var (choice, intended) = user.Arrival;
            await RunIterationAsync(user, user.Generator.Pick(choice), intended, _time.GetTimestamp(), 0).ConfigureAwait(false);
        }
        finally
        {
            user.Generator.Idle.Enqueue(user);
            Interlocked.Decrement(ref _busy);
        }
    }

    private VirtualUser AddUser(LoadGenerator g)
    {
        var local = g.Users.Count;
        var global = g.FirstUser + _options.Segment.Index - 1 + (local * _options.Segment.Count);
        var random = _options.RandomSeed is { } seed ? new Random(HashCode.Combine(seed, global)) : new Random();
        var user = new VirtualUser(this, g, global, local, random);
        lock (_stateLock)
        {
            g.Users.Add(user);
        }

        return user;
    }

    private void UpdatePeak()
    {
        var busy = Volatile.Read(ref _busy);
        var peak = Volatile.Read(ref _peakBusy);
        while (busy > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peakBusy, busy, peak);
            if (seen == peak)
            {
                return;
            }

            peak = seen;
        }
    }

    /// <summary>Runs one iteration: its steps in order until one fails. A throwing step is an error sample, never a crash.</summary>
    /// <remarks>Pooled: an iteration that waits on I/O would otherwise allocate its state machine every time.</remarks>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RunIterationAsync(VirtualUser user, PreparedScenario scenario, long intended, long actual, long expectedIntervalMicros)
    {
        if (scenario.Feeds is { } feeds && !feeds.TryBegin(user.GlobalIndex, user.Iteration))
        {
            RequestStop(LoadTestStatus.Stopped, feeds.Exhausted!);
            return;
        }

        user.CountStart();
        var context = new StepContext(user.GlobalIndex, user.Iteration++);
        var lag = actual - intended;
        var failed = false;
        foreach (var step in scenario.Steps)
        {
            var stepStart = _time.GetTimestamp();
            StepResult result;
            try
            {
                var token = user.BeginStep(step.Timeout, _time, _hardStop.Token);
                var pending = step.Step.ExecuteAsync(context, token);
                result = pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_hardStop.IsCancellationRequested)
            {
                // Cut off after the graceful stop: neither a success nor the system's failure, so not a sample.
                user.CountEnd(failed: false);
                return;
            }
            catch (OperationCanceledException) when (user.StepTimedOut)
            {
                result = StepResult.Failed("timeout");
            }
            catch (Exception ex)
            {
                result = StepResult.Failed(ExceptionTypes.GetOrAdd(ex.GetType(), static t => "exception:" + t.Name));
            }

            var stepEnd = _time.GetTimestamp();
            var service = (long)((stepEnd - stepStart) * _microsPerTick);
            step.Metrics.Record(service, service + (long)(lag * _microsPerTick), expectedIntervalMicros);
            if ((result.BytesSent | result.BytesReceived) != 0)
            {
                step.Metrics.CountBytes(result.BytesSent, result.BytesReceived);
            }
            if (!result.IsSuccess)
            {
                step.Metrics.RecordError(result.ErrorType ?? "error", result.StatusCode);
                failed = true;
                break;
            }
        }

        var end = _time.GetTimestamp();
        scenario.Iterations.Record((long)((end - actual) * _microsPerTick), (long)((end - intended) * _microsPerTick), expectedIntervalMicros);
        if (failed)
        {
            scenario.Iterations.CountError();
        }

        user.CountEnd(failed);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Load test {TestName} starting: {Model}, {PlannedSeconds} s planned, segment {Segment}")]
    private static partial void LogStarting(ILogger logger, string testName, string model, double plannedSeconds, ExecutionSegment segment);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Load test {TestName} {Status}: {Requests} requests, {Errors} errors, thresholds passed: {Passed}")]
    private static partial void LogFinished(ILogger logger, string testName, LoadTestStatus status, long requests, long errors, bool passed);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Iterations still running {GracefulStopSeconds} s after the end were cancelled")]
    private static partial void LogGracefulStopExpired(ILogger logger, double gracefulStopSeconds);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Threshold {Expression} failed (observed {Observed}); aborting the run")]
    private static partial void LogAborting(ILogger logger, string expression, double observed);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "A progress handler threw; the run goes on")]
    private static partial void LogProgressHandlerFailed(ILogger logger, Exception exception);

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
