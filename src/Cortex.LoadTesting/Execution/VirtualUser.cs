namespace Cortex.LoadTesting.Execution;

/// <summary>
/// One virtual user: its identity, its counters (written only by the thread running its current iteration, read by the
/// reporter), a reusable cancellation source for step timeouts, and, in open models, the arrival it was handed.
/// </summary>
internal sealed class VirtualUser(LoadTestRun run, LoadGenerator generator, int globalIndex, int localIndex, Random random) : IThreadPoolWorkItem, IDisposable
{
    // Golden-ratio (Weyl) sequences choose scenarios: deterministic, and within a fraction of a percent of the weights
    // after a few hundred iterations, on every virtual user and on every segment alike.
    private const double Phi = 0.6180339887498949;

    private readonly double _offset = (globalIndex * 0.7548776662466927) % 1.0;
    private CancellationTokenSource? _cts;
    private CancellationTokenRegistration _hardStopRegistration;
    private long _started;
    private long _completed;
    private long _failed;

    public int GlobalIndex { get; } = globalIndex;

    /// <summary>Gets the executor this user belongs to.</summary>
    public LoadGenerator Generator { get; } = generator;

    /// <summary>Gets the index among this segment's users (closed models activate users 0..n-1 of a segment).</summary>
    public int LocalIndex { get; } = localIndex;

    public Random Random { get; } = random;

    public long Iteration { get; set; }

    public bool Running { get; set; }

    public long Started => Volatile.Read(ref _started);

    public long Completed => Volatile.Read(ref _completed);

    public long Failed => Volatile.Read(ref _failed);

    /// <summary>Gets or sets the arrival an open model handed this user: the scenario's choice value and the intended start timestamp.</summary>
    public (double Choice, long IntendedStart) Arrival { get; set; }

    public double NextChoice() => (_offset + (Iteration * Phi)) % 1.0;

    public void CountStart() => Volatile.Write(ref _started, _started + 1);

    public void CountEnd(bool failed)
    {
        Volatile.Write(ref _completed, _completed + 1);
        if (failed)
        {
            Volatile.Write(ref _failed, _failed + 1);
        }
    }

    /// <summary>A token cancelled after <paramref name="timeout"/> or when the run is cancelled hard; the source is reused across steps.</summary>
    public CancellationToken BeginStep(TimeSpan timeout, TimeProvider time, CancellationToken hardStop)
    {
        if (_cts is null || !_cts.TryReset())
        {
            _hardStopRegistration.Dispose();
            _cts?.Dispose();
            _cts = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
            _hardStopRegistration = hardStop.UnsafeRegister(static s => CancelQuietly((CancellationTokenSource)s!), _cts);
        }

        _cts.CancelAfter(timeout);
        return _cts.Token;
    }

    public bool StepTimedOut => _cts?.IsCancellationRequested == true;

    public void Execute() => _ = run.RunArrivalAsync(this);

    public void Dispose()
    {
        _hardStopRegistration.Dispose();
        _cts?.Dispose();
    }

    private static void CancelQuietly(CancellationTokenSource cts)
    {
        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The user replaced its source between the stop and this callback; nothing to cancel.
        }
    }
}
