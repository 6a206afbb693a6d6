using System.Security.Cryptography;
using Cortex.Testing.Zai.Internal;

namespace Cortex.Testing.Zai;

/// <summary>
/// Faults a <see cref="ZaiTestServer"/> injects into the requests it answers, changeable while it runs and safe to
/// change from any thread. Faults apply only to authenticated requests for a real endpoint
/// (<c>chat/completions</c>, <c>embeddings</c>, <c>models</c>), in this order: concurrency limit, latency, scheduled failures, then the
/// answer itself (where stream cuts and the finish-reason override act).
/// </summary>
public sealed class ZaiFaults
{
    private readonly Lock _lock = new();
    private readonly Queue<ScheduledFailure> _failures = new();
    private readonly Queue<int> _streamCuts = new();
    private TimeSpan _latency;
    private TimeSpan _latencyJitter;
    private int? _concurrencyLimit;
    private string? _finishReason;

    internal ZaiFaults()
    {
    }

    /// <summary>
    /// Gets or sets the fixed delay before every answer. The delay runs on the server's
    /// <see cref="ZaiTestServerOptions.TimeProvider"/> and ends early when the client aborts the request.
    /// </summary>
    /// <value>The default is <see cref="TimeSpan.Zero"/>.</value>
    public TimeSpan Latency
    {
        get { lock (_lock) { return _latency; } }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (_lock) { _latency = value; }
        }
    }

    /// <summary>Gets or sets the upper bound of a random delay added to <see cref="Latency"/>, drawn uniformly per request.</summary>
    /// <value>The default is <see cref="TimeSpan.Zero"/>.</value>
    public TimeSpan LatencyJitter
    {
        get { lock (_lock) { return _latencyJitter; } }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (_lock) { _latencyJitter = value; }
        }
    }

    /// <summary>
    /// Gets or sets how many requests may be in flight at once. A request above the limit is refused at once with
    /// HTTP 429 and business code <c>1302</c>, as Z.AI refuses too many concurrent requests. Latency counts as in flight.
    /// </summary>
    /// <value>The default is <see langword="null"/>: no limit.</value>
    public int? ConcurrencyLimit
    {
        get { lock (_lock) { return _concurrencyLimit; } }
        set
        {
            if (value is { } limit)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1, nameof(value));
            }

            lock (_lock) { _concurrencyLimit = value; }
        }
    }

    /// <summary>
    /// Gets or sets a <c>finish_reason</c> that replaces the natural one on every chat answer, streamed or not; Z.AI
    /// reports <c>sensitive</c> and <c>network_error</c> this way, with HTTP 200 and no error body.
    /// </summary>
    /// <value>The default is <see langword="null"/>: the natural reason (<c>stop</c>, <c>length</c> or <c>tool_calls</c>).</value>
    public string? FinishReason
    {
        get { lock (_lock) { return _finishReason; } }
        set
        {
            if (value is not null)
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(value);
            }

            lock (_lock) { _finishReason = value; }
        }
    }

    /// <summary>Gets how many scheduled failures from <see cref="FailNext"/> are still to be served.</summary>
    public int PendingFailures
    {
        get
        {
            lock (_lock)
            {
                return _failures.Sum(f => f.Remaining);
            }
        }
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> requests fail with a Z.AI error body. Calls queue up: two calls serve
    /// their failures one after the other, then requests succeed again.
    /// </summary>
    /// <param name="count">How many requests fail; at least 1.</param>
    /// <param name="statusCode">The HTTP status, 400 to 599: 429 for limits, 500 or 503 for server trouble.</param>
    /// <param name="businessCode">
    /// The Z.AI code in the body, such as <c>1302</c>, <c>1303</c> or <c>1305</c> (transient) or <c>1113</c>, <c>1304</c>,
    /// <c>1308</c> or <c>1309</c> (permanent). <see langword="null"/> uses the status code itself, as Z.AI does for
    /// <c>500</c>.
    /// </param>
    /// <param name="retryAfter">A <c>Retry-After</c> to send, rounded up to whole seconds; Z.AI usually sends none.</param>
    public void FailNext(int count, int statusCode, string? businessCode = null, TimeSpan? retryAfter = null)
    {
        ValidateFailure(count, statusCode, retryAfter);
        if (businessCode is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(businessCode);
        }

        var code = businessCode ?? statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        lock (_lock)
        {
            _failures.Enqueue(new ScheduledFailure(statusCode, code, retryAfter) { Remaining = count });
        }
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> requests fail as a gateway or proxy in front of Z.AI fails them: the status
    /// and an HTML page, no Z.AI error body and so no business code. Queued with <see cref="FailNext"/>, in call order.
    /// </summary>
    /// <param name="count">How many requests fail; at least 1.</param>
    /// <param name="statusCode">The HTTP status, 400 to 599: typically 429 (a gateway's own rate limit), 502, 503 or 504.</param>
    /// <param name="retryAfter">A <c>Retry-After</c> to send, rounded up to whole seconds; <see langword="null"/> sends none.</param>
    /// <param name="retryAfterAsHttpDate">
    /// Whether <c>Retry-After</c> is sent as an HTTP date (the server's <see cref="ZaiTestServerOptions.TimeProvider"/>
    /// now plus <paramref name="retryAfter"/>, rounded up to the next whole second) rather than as a number of seconds.
    /// </param>
    public void FailNextFromGateway(int count, int statusCode, TimeSpan? retryAfter = null, bool retryAfterAsHttpDate = false)
    {
        ValidateFailure(count, statusCode, retryAfter);
        lock (_lock)
        {
            _failures.Enqueue(new ScheduledFailure(statusCode, null, retryAfter, retryAfterAsHttpDate) { Remaining = count });
        }
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> streamed chat answers stop after <paramref name="chunks"/> <c>data:</c>
    /// events by aborting the connection: no final chunk unless it was among them, and never <c>data: [DONE]</c>.
    /// Non-streamed answers are not affected and do not use up a cut.
    /// </summary>
    /// <param name="chunks">How many events to send before the cut; 0 cuts right after the response headers.</param>
    /// <param name="count">How many streams to cut; at least 1.</param>
    public void CutStreamAfter(int chunks, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunks);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                _streamCuts.Enqueue(chunks);
            }
        }
    }

    /// <summary>Removes every fault: no latency, no limit, no scheduled failure or stream cut, natural finish reasons.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _latency = TimeSpan.Zero;
            _latencyJitter = TimeSpan.Zero;
            _concurrencyLimit = null;
            _finishReason = null;
            _failures.Clear();
            _streamCuts.Clear();
        }
    }

    private static void ValidateFailure(int count, int statusCode, TimeSpan? retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        if (retryAfter is { } wait)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero, nameof(retryAfter));
        }
    }

    internal TimeSpan NextLatency()
    {
        TimeSpan latency, jitter;
        lock (_lock)
        {
            latency = _latency;
            jitter = _latencyJitter;
        }

        if (jitter <= TimeSpan.Zero)
        {
            return latency;
        }

        // A cryptographic source only because the analyzers forbid System.Random; the cost is negligible here.
        var fraction = RandomNumberGenerator.GetInt32(int.MaxValue) / (double)int.MaxValue;
        return latency + (jitter * fraction);
    }

    internal bool TryTakeFailure(out ScheduledFailure failure)
    {
        lock (_lock)
        {
            if (_failures.TryPeek(out var next))
            {
                if (--next.Remaining == 0)
                {
                    _failures.Dequeue();
                }

                failure = next;
                return true;
            }
        }

        failure = null!;
        return false;
    }

    internal bool TryTakeStreamCut(out int chunks)
    {
        lock (_lock)
        {
            return _streamCuts.TryDequeue(out chunks);
        }
    }
}
