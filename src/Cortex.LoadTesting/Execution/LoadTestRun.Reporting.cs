using Cortex.LoadTesting.Internal;
using Cortex.LoadTesting.Results;
using Cortex.LoadTesting.Thresholds;
using HdrHistogram;

namespace Cortex.LoadTesting.Execution;

internal sealed partial class LoadTestRun
{
    private async Task ReportLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.ReportingInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Report(_time.GetTimestamp());
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run is over; the caller takes the last, partial interval.
        }
    }

    /// <summary>Closes the current interval: moves the recorders' samples into the totals, appends a timeline point, checks thresholds. One caller at a time.</summary>
    private void Report(long now)
    {
        var interval = _time.GetElapsedTime(_lastReport, now);
        var elapsed = _time.GetElapsedTime(_start, now);
        _lastReport = now;
        _intervalService.Reset();
        _intervalLatency.Reset();
        long errors = 0;
        var steps = new List<StepInterval>();
        foreach (var scenario in _scenarios)
        {
            foreach (var step in scenario.Steps)
            {
                var stepErrors = step.Metrics.Collect(_intervalService, _intervalLatency);
                errors += stepErrors;
                steps.Add(step.Metrics.Interval(scenario.Name, stepErrors));
            }

            scenario.Iterations.Collect(null, null);
        }

        _totalService.Add(_intervalService);
        _totalLatency.Add(_intervalLatency);
        _totalErrors += errors;

        long started = 0;
        lock (_stateLock)
        {
            foreach (var user in _generators.SelectMany(g => g.Users))
            {
                started += user.Started;
            }
        }

        var dropped = Dropped();
        var requests = _intervalService.TotalCount;
        var point = new TimelinePoint
        {
            Index = _timeline.Count,
            Elapsed = elapsed,
            Interval = interval,
            TargetLoad = TargetLoad(elapsed),
            ActiveUsers = Volatile.Read(ref _busy),
            IterationsStarted = started - _reportedStarted,
            IterationsDropped = dropped - _reportedDropped,
            Requests = requests,
            Errors = errors,
            Throughput = interval <= TimeSpan.Zero ? 0 : requests / interval.TotalSeconds,
            P50 = Percentile(_intervalLatency, 50),
            P95 = Percentile(_intervalLatency, 95),
            P99 = Percentile(_intervalLatency, 99),
            ServiceP95 = Percentile(_intervalService, 95),
            Histogram = HistogramCodec.Encode(_intervalLatency),
            Steps = steps,
        };
        _reportedStarted = started;
        _reportedDropped = dropped;
        _timeline.Add(point);

        var judged = JudgeThresholds(elapsed);
        for (var i = 0; i < judged.Length && _hooks.JudgeThresholdsLocally; i++)
        {
            var t = _thresholds[i];
            if (t.AbortOnFail && !judged[i].Passed && elapsed >= t.DelayAbortEvaluation && !_stopGenerating.IsCancellationRequested)
            {
                LogAborting(_logger, t.Expression.Text, judged[i].Observed);
                RequestStop(LoadTestStatus.Aborted, $"threshold {t.Expression.Text}{(t.Step is null ? "" : " on " + t.Step)} failed: observed {Format(judged[i].Observed)}", i);
                break;
            }
        }

        _hooks.Interval?.Invoke(BuildResult(_startedAt, elapsed, [point], finish: false));

        try
        {
            _progress(new LoadTestProgress
            {
                Latest = point,
                Elapsed = elapsed,
                PlannedDuration = _plannedDuration,
                Requests = _totalService.TotalCount,
                Errors = _totalErrors,
                IterationsStarted = started,
                IterationsDropped = dropped,
                P95 = Percentile(_totalLatency, 95),
                Thresholds = judged,
            });
        }
#pragma warning disable CA1031 // A subscriber's bug must not stop the run it is watching.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogProgressHandlerFailed(_logger, ex);
        }
    }

    private ThresholdResult[] JudgeThresholds(TimeSpan elapsed)
    {
        var results = new ThresholdResult[_thresholds.Count];
        List<CheckSummary>? checks = null;
        for (var i = 0; i < results.Length; i++)
        {
            var t = _thresholds[i];
            if (t.Expression.Metric == ThresholdMetric.Checks)
            {
                results[i] = t.JudgeChecks(checks ??= Checks(), i == _abortingThreshold);
                continue;
            }

            if (_tagged[i] is { } tagged)
            {
                results[i] = t.Judge(tagged, elapsed, i == _abortingThreshold);
                continue;
            }

            var step = t.Step is null ? null : FindStep(t.Step);
            results[i] = step is null
                ? t.Judge(_totalService.TotalCount, _totalErrors, elapsed, _totalLatency, i == _abortingThreshold)
                : t.Judge(step.TotalService.TotalCount, step.TotalErrors, elapsed, step.TotalLatency, i == _abortingThreshold);
        }

        return results;
    }

    /// <summary>The counts of every response check so far, in scenario and step order.</summary>
    private List<CheckSummary> Checks() =>
    [
        .. _scenarios.SelectMany(sc => sc.Steps.SelectMany(st => st.Checks.Select(c => new CheckSummary
        {
            Scenario = sc.Name,
            Step = st.Name,
            Name = c.Name,
            Passes = c.Passes,
            Fails = c.Fails,
        }))),
    ];

    /// <summary>The planned load of every generator at <paramref name="elapsed"/>, added up: users for closed executors, iterations per second for open ones, this segment's share.</summary>
    private double TargetLoad(TimeSpan elapsed) => _generators.Sum(g =>
    {
        var target = g.TargetAt(elapsed.TotalSeconds, holdEnd: _generators.Length == 1);
        return g.IsOpen ? target / _options.Segment.Count : OwnedShare((int)Math.Floor(target + 1e-9));
    });

    private long Dropped() => _generators.Sum(g => Volatile.Read(ref g.Dropped));

    private OperationMetrics? FindStep(string scope) =>
        CompiledThreshold.FindStep(scope, _scenarios.Select(sc => (sc.Name, sc.Steps.Select(st => (st.Name, st.Metrics)))));

    /// <summary>The run's result so far; <paramref name="finish"/> adds the conclusions (breakpoint, advice) that only the end needs. Reporter thread, or after the run.</summary>
    private LoadTestResult BuildResult(DateTimeOffset startedAt, TimeSpan duration, List<TimelinePoint> timeline, bool finish)
    {
        long started = 0, completed = 0, failed = 0;
        lock (_stateLock)
        {
            foreach (var user in _generators.SelectMany(g => g.Users))
            {
                started += user.Started;
                completed += user.Completed;
                failed += user.Failed;
            }
        }

        var errors = _scenarios
            .SelectMany(s => s.Steps.SelectMany(step => step.Metrics.ErrorsByType().Select(e => new ErrorSummary(s.Name, step.Name, e.Type, e.Status, e.Count))))
            .OrderByDescending(e => e.Count)
            .ToList();

        var result = new LoadTestResult
        {
            TestName = _options.TestName,
            Model = SoleLoad?.Model ?? _options.Model,
            Setup = LoadTestSetup.From(_options),
            Segment = _options.Segment,
            StartedAt = startedAt,
            Duration = duration,
            Status = _status,
            StopReason = _status == LoadTestStatus.Completed ? null : _stopReason,
            Iterations = new IterationCounts { Started = started, Completed = completed, Failed = failed, Dropped = Dropped() },
            PeakActiveUsers = Volatile.Read(ref _peakBusy),
            Requests = new OperationSummary
            {
                Name = "requests",
                Count = _totalService.TotalCount,
                Errors = _totalErrors,
                BytesSent = _scenarios.Sum(s => s.Steps.Sum(step => step.Metrics.BytesSent)),
                BytesReceived = _scenarios.Sum(s => s.Steps.Sum(step => step.Metrics.BytesReceived)),
                Throughput = duration <= TimeSpan.Zero ? 0 : _totalService.TotalCount / duration.TotalSeconds,
                ServiceTime = HistogramCodec.ToStats(_totalService),
                Latency = HistogramCodec.ToStats(_totalLatency),
            },
            Scenarios = [.. _scenarios.Select(s => new ScenarioSummary
            {
                Name = s.Name,
                Weight = s.Weight,
                Executor = _options.Scenarios.FirstOrDefault(o => o.Name == s.Name)?.Executor?.Model,
                Iterations = s.Iterations.Summarize(duration),
                Steps = [.. s.Steps.Select(step => step.Metrics.Summarize(duration) with { Tags = step.Tags })],
            })],
            Errors = errors,
            Checks = Checks(),
            Timeline = timeline,
            Thresholds = JudgeThresholds(duration),
        };

        // Breakpoints and user advice read one executor's timeline; several executors' loads do not add up to one level.
        return !finish ? result : ResultFinisher.Finish(result, _thresholds, SoleLoad is { } load && LoadModels.IsOpen(load.Model) ? load.MaxUsers : null, _options.AnalyzeBreakpoints && SoleLoad is not null);
    }

    private static double Percentile(HistogramBase histogram, double percentile) =>
        histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(percentile) / 1000.0;
}
