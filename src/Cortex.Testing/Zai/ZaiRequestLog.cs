using System.Collections.Concurrent;
using System.Text;
using Cortex.Testing.Zai.Internal;

namespace Cortex.Testing.Zai;

/// <summary>
/// What a <see cref="ZaiTestServer"/> has received: counters by path and by body hash, and the most recent requests.
/// Every request is recorded when it arrives, before authentication, routing and faults, so a test that has its
/// response in hand always finds it here. Thread-safe.
/// </summary>
public sealed class ZaiRequestLog
{
    private readonly int _capacity;
    private readonly Queue<ZaiRecordedRequest> _recent = new();
    private readonly Lock _recentLock = new();
    private readonly ConcurrentDictionary<string, long> _byPath = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _byBodyHash = new(StringComparer.Ordinal);
    private long _total;

    internal ZaiRequestLog(int capacity)
    {
        _capacity = capacity;
    }

    /// <summary>Gets how many requests the server has received since it started or since <see cref="Clear"/>.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Counts the requests received for one path.</summary>
    /// <param name="path">The full path, such as <c>/api/paas/v4/chat/completions</c>; compared exactly.</param>
    /// <returns>How many requests arrived for <paramref name="path"/>.</returns>
    public long CountForPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _byPath.GetValueOrDefault(path);
    }

    /// <summary>Counts the requests whose canonical body hashes to <paramref name="bodyHash"/>.</summary>
    /// <param name="bodyHash">A hash from <see cref="HashBody(string)"/> or <see cref="ZaiRecordedRequest.BodyHash"/>.</param>
    /// <returns>How many requests arrived with that body.</returns>
    public long CountForBodyHash(string bodyHash)
    {
        ArgumentNullException.ThrowIfNull(bodyHash);
        return _byBodyHash.GetValueOrDefault(bodyHash);
    }

    /// <summary>Gets the most recent requests the log still holds (at most <see cref="ZaiTestServerOptions.RequestLogCapacity"/>).</summary>
    /// <param name="count">How many to return at most.</param>
    /// <returns>Up to <paramref name="count"/> requests, oldest first, so the last element is the latest request.</returns>
    public IReadOnlyList<ZaiRecordedRequest> Last(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_recentLock)
        {
            return _recent.Skip(Math.Max(0, _recent.Count - count)).ToArray();
        }
    }

    /// <summary>Forgets every recorded request and resets every counter.</summary>
    public void Clear()
    {
        lock (_recentLock)
        {
            _recent.Clear();
            _byPath.Clear();
            _byBodyHash.Clear();
            Interlocked.Exchange(ref _total, 0);
        }
    }

    /// <summary>
    /// Hashes a request body the way the server does: lowercase hex SHA-256 of the JSON with object keys sorted and
    /// whitespace removed, so formatting and key order do not matter; a body that is not JSON is hashed as its UTF-8 bytes.
    /// </summary>
    /// <param name="body">The JSON body a client sends.</param>
    /// <returns>The hash to pass to <see cref="CountForBodyHash(string)"/>.</returns>
    public static string HashBody(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return CanonicalJson.HashBody(Encoding.UTF8.GetBytes(body));
    }

    internal void Record(ZaiRecordedRequest request)
    {
        lock (_recentLock)
        {
            Interlocked.Increment(ref _total);
            _byPath.AddOrUpdate(request.Path, 1, static (_, n) => n + 1);
            _byBodyHash.AddOrUpdate(request.BodyHash, 1, static (_, n) => n + 1);
            if (_capacity == 0)
            {
                return;
            }

            if (_recent.Count == _capacity)
            {
                _recent.Dequeue();
            }

            _recent.Enqueue(request);
        }
    }
}
