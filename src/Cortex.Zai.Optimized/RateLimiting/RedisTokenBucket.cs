using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Cortex.Zai.Optimized.Internal;
using StackExchange.Redis;

namespace Cortex.Zai.Optimized.RateLimiting;

/// <summary>
/// One token bucket in a Redis hash, shared by every instance using the key, taken from atomically by one Lua script.
/// The caller's clock is passed in (Unix milliseconds), so instances on one FakeTimeProvider agree to the millisecond.
/// </summary>
/// <remarks>
/// One short script rather than the RedisRateLimiting package (1.2.1): its token bucket reads
/// <c>DateTimeOffset.UtcNow</c> in whole seconds with no TimeProvider, answers "no" without saying when the next token
/// comes (it has no queue), and has no fallback when Redis is down: the three things this limiter needs.
/// </remarks>
internal sealed class RedisTokenBucket
{
    // Integer arithmetic, exact in Lua's doubles: a token is 60000 units and each millisecond adds RequestsPerMinute.
    // A caller whose clock is behind the last writer's neither refills nor moves the time back, and is told to wait
    // the difference too. The key expires once it would have refilled anyway (plus a minute for clock skew).
    private const string Script = """
        local units_per_token = 60000
        local now = tonumber(ARGV[1])
        local rate = tonumber(ARGV[2])
        local capacity = tonumber(ARGV[3])
        local state = redis.call('HMGET', KEYS[1], 'units', 'at')
        local units = tonumber(state[1])
        local at = tonumber(state[2])
        if units == nil or at == nil then
          units = capacity
          at = now
        elseif now > at then
          units = math.min(capacity, units + (now - at) * rate)
          at = now
        end
        local taken = 0
        if units >= units_per_token then
          units = units - units_per_token
          taken = 1
        end
        redis.call('HSET', KEYS[1], 'units', string.format('%.0f', units), 'at', string.format('%.0f', at))
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        if taken == 1 then
          return {1, 0}
        end
        return {0, (at - now) + math.ceil((units_per_token - units) / rate)}
        """;

    [SuppressMessage("Security", "CA5350", Justification = "SHA-1 is how Redis names a script for EVALSHA; it protects nothing.")]
    private static readonly byte[] ScriptSha1 = SHA1.HashData(Encoding.UTF8.GetBytes(Script));

    private readonly RedisConnection _redis;
    private readonly RedisKey[] _keys;
    private readonly long _tokensPerMinute;
    private readonly long _capacityUnits;
    private readonly long _idleExpiryMilliseconds;

    public RedisTokenBucket(RedisConnection redis, string key, int tokensPerMinute, int tokenLimit)
    {
        _redis = redis;
        _keys = [key];
        _tokensPerMinute = Math.Max(1, tokensPerMinute);
        _capacityUnits = Math.Max(1, tokenLimit) * 60_000L;
        _idleExpiryMilliseconds = ((_capacityUnits + _tokensPerMinute - 1) / _tokensPerMinute) + 60_000;
    }

    /// <summary>Gets a value indicating whether a command may be sent: connected to the server of the key, and it answered lately.</summary>
    public bool IsConnected => _redis.IsAvailable(_keys[0]);

    /// <summary>Takes a token when there is one, or says how long until there will be.</summary>
    /// <param name="now">The caller's clock.</param>
    /// <returns><see cref="TimeSpan.Zero"/> when a token was taken; otherwise the wait until the next one.</returns>
    /// <exception cref="RedisException">Redis failed.</exception>
    /// <exception cref="TimeoutException">Redis did not answer within the connection's operation timeout.</exception>
    /// <exception cref="InvalidOperationException">Not connected yet (check <see cref="IsConnected"/> first).</exception>
    public async Task<TimeSpan> TryTakeAsync(DateTimeOffset now)
    {
        var database = _redis.Database ?? throw new InvalidOperationException("The Redis connection is not open yet.");
        RedisValue[] args = [now.ToUnixTimeMilliseconds(), _tokensPerMinute, _capacityUnits, _idleExpiryMilliseconds];
        RedisResult result;
        try
        {
            result = await _redis.RunAsync(database.ScriptEvaluateAsync(ScriptSha1, _keys, args)).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            // A restarted or flushed server has forgotten the script: EVAL sends it and caches it again.
            result = await _redis.RunAsync(database.ScriptEvaluateAsync(Script, _keys, args)).ConfigureAwait(false);
        }

        var answer = (RedisResult[])result!;
        return (long)answer[0] == 1 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Max(1, (long)answer[1]));
    }
}
