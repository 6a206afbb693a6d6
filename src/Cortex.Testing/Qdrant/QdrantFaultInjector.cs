using Grpc.Core;

namespace Cortex.Testing.Qdrant;

/// <summary>
/// Faults a <see cref="QdrantTestServer"/> injects into the calls it receives, for resilience tests: added latency,
/// the next N calls failing, or a fraction of calls failing, each with a chosen gRPC status code and optionally for one
/// method only. Reach it through <see cref="QdrantTestServer.Faults"/>.
/// </summary>
/// <remarks>
/// <para>Thread-safe; changes apply to calls that arrive after them. Latency is applied first, then an injected
/// failure, then the API key check and the real work, so a failing node still takes its latency to fail.</para>
/// <para>A <c>method</c> is a full gRPC method name such as <c>qdrant.Points/Query</c> (a leading <c>/</c> is
/// allowed); <see langword="null"/> means every method.</para>
/// </remarks>
public sealed class QdrantFaultInjector
{
    private readonly Lock _gate = new();
    private readonly Random _random;
    private readonly List<PendingFailures> _failNext = [];
    private readonly Dictionary<string, (double Fraction, StatusCode StatusCode)> _failFraction = new(StringComparer.Ordinal);
    private long _latencyTicks;
    private long _latencyJitterTicks;

    internal QdrantFaultInjector(int? randomSeed)
    {
        _random = randomSeed is { } seed ? new Random(seed) : new Random();
    }

    /// <summary>Gets or sets the fixed delay added before every call is answered.</summary>
    /// <value>The default is <see cref="TimeSpan.Zero"/>. Must not be negative.</value>
    /// <remarks>The delay runs on the server's <see cref="QdrantTestServerOptions.TimeProvider"/> and ends early when the
    /// caller cancels or its deadline passes.</remarks>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _latencyTicks));
        set => Volatile.Write(ref _latencyTicks, NonNegative(value, nameof(Latency)).Ticks);
    }

    /// <summary>Gets or sets the upper bound of a random extra delay, drawn uniformly per call and added to <see cref="Latency"/>.</summary>
    /// <value>The default is <see cref="TimeSpan.Zero"/>. Must not be negative.</value>
    public TimeSpan LatencyJitter
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _latencyJitterTicks));
        set => Volatile.Write(ref _latencyJitterTicks, NonNegative(value, nameof(LatencyJitter)).Ticks);
    }

    /// <summary>Makes the next <paramref name="count"/> calls (to <paramref name="method"/>, or to any method) fail.</summary>
    /// <param name="count">How many calls fail; later <see cref="FailNext"/> calls queue up behind this one.</param>
    /// <param name="statusCode">The status the calls fail with, for example <see cref="StatusCode.Unavailable"/>.</param>
    /// <param name="method">The full method name, such as <c>qdrant.Points/Query</c>, or <see langword="null"/> for any method.</param>
    public void FailNext(int count, StatusCode statusCode, string? method = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ThrowIfOk(statusCode);
        lock (_gate)
        {
            _failNext.Add(new PendingFailures(Normalize(method), statusCode, count));
        }
    }

    /// <summary>
    /// Makes each call (to <paramref name="method"/>, or to any method) fail with probability <paramref name="fraction"/>.
    /// A later call for the same method replaces this one; a fraction of 0 removes it.
    /// </summary>
    /// <param name="fraction">The probability, from 0 to 1.</param>
    /// <param name="statusCode">The status the calls fail with, for example <see cref="StatusCode.Internal"/>.</param>
    /// <param name="method">The full method name, such as <c>qdrant.Points/Query</c>, or <see langword="null"/> for any method.</param>
    /// <remarks>Draws come from <see cref="QdrantTestServerOptions.RandomSeed"/> when it is set, so a run can be repeated.</remarks>
    public void FailFraction(double fraction, StatusCode statusCode, string? method = null)
    {
        if (double.IsNaN(fraction) || fraction < 0 || fraction > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The fraction of failing calls must be from 0 to 1.");
        }

        ThrowIfOk(statusCode);
        lock (_gate)
        {
            var key = Normalize(method) ?? string.Empty;
            if (fraction == 0)
            {
                _failFraction.Remove(key);
            }
            else
            {
                _failFraction[key] = (fraction, statusCode);
            }
        }
    }

    /// <summary>Removes every fault: no latency, no pending or random failures.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            Latency = TimeSpan.Zero;
            LatencyJitter = TimeSpan.Zero;
            _failNext.Clear();
            _failFraction.Clear();
        }
    }

    /// <summary>Decides, once per call, how long to delay it and whether to fail it.</summary>
    internal (TimeSpan Delay, StatusCode? Failure) Decide(string method)
    {
        lock (_gate)
        {
            var delay = Latency;
            var jitter = LatencyJitter;
            if (jitter > TimeSpan.Zero)
            {
                delay += jitter * _random.NextDouble();
            }

            for (var i = 0; i < _failNext.Count; i++)
            {
                var pending = _failNext[i];
                if (pending.Method is null || pending.Method == method)
                {
                    if (--pending.Remaining == 0)
                    {
                        _failNext.RemoveAt(i);
                    }

                    return (delay, pending.StatusCode);
                }
            }

            if (_failFraction.TryGetValue(method, out var rule) || _failFraction.TryGetValue(string.Empty, out rule))
            {
                if (_random.NextDouble() < rule.Fraction)
                {
                    return (delay, rule.StatusCode);
                }
            }

            return (delay, null);
        }
    }

    internal static string? Normalize(string? method) => method?.TrimStart('/');

    private static TimeSpan NonNegative(TimeSpan value, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, name);
        return value;
    }

    private static void ThrowIfOk(StatusCode statusCode)
    {
        if (statusCode == StatusCode.OK)
        {
            throw new ArgumentException("An injected failure needs a status code other than OK.", nameof(statusCode));
        }
    }

    private sealed class PendingFailures(string? method, StatusCode statusCode, int remaining)
    {
        public string? Method { get; } = method;

        public StatusCode StatusCode { get; } = statusCode;

        public int Remaining { get; set; } = remaining;
    }
}
