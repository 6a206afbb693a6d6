using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Cortex.Zai.Optimized;

public sealed partial class ZaiOptimizedClient
{
    // A probe that waits minutes (RequestTimeout suits long completions) would hold a readiness endpoint as long.
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Checks that Z.AI is reachable and takes the key, without spending tokens (<c>GET models</c>), and the Redis tier's
    /// state when one is configured. Healthy: the API answered 2xx (or 404: a gateway without the model list, reachable
    /// all the same) and Redis, if any, answered a PING. Degraded: the API limits this key now (429) or Redis is down (the
    /// client then runs memory-only with a local limit). <paramref name="failureStatus"/>: the key is refused (401, 403),
    /// the API fails (5xx), or it cannot be reached.
    /// </summary>
    internal async Task<HealthCheckResult> CheckHealthAsync(HealthStatus failureStatus, CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["server"] = _server.Address };
        var redis = await RedisStateAsync(data, cancellationToken).ConfigureAwait(false);
        HttpStatusCode status;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Performance.RequestTimeout < ProbeTimeout ? _options.Performance.RequestTimeout : ProbeTimeout);
            status = await _transport.ProbeAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(failureStatus, $"Z.AI at {_server.Address} cannot be reached: {ex.GetType().Name}.", data: data);
        }

        var code = (int)status;
        data["status"] = code;
        if (code is 401 or 403)
        {
            return new HealthCheckResult(failureStatus, $"Z.AI at {_server.Address} refused the API key (HTTP {code}): check ZAI_API_KEY and the base URL.", data: data);
        }

        if (code >= 500)
        {
            return new HealthCheckResult(failureStatus, $"Z.AI at {_server.Address} fails (HTTP {code}).", data: data);
        }

        if (code == 429)
        {
            return HealthCheckResult.Degraded($"Z.AI at {_server.Address} is limiting this key now (HTTP 429).", data: data);
        }

        return redis is { } down
            ? HealthCheckResult.Degraded($"Z.AI answers; the Redis tier is down ({down}): the cache is memory-only and the rate limit local.", data: data)
            : HealthCheckResult.Healthy($"Z.AI at {_server.Address} answers (HTTP {code}).", data);
    }

    /// <summary>Notes the Redis tier's state in <paramref name="data"/>; returns why it is down, or <see langword="null"/> when it is up or not used.</summary>
    private async Task<string?> RedisStateAsync(Dictionary<string, object> data, CancellationToken cancellationToken)
    {
        if (_redis is null)
        {
            data["redis"] = "not used";
            return null;
        }

        try
        {
            if (await _redis.PingAsync(cancellationToken).ConfigureAwait(false) is { } roundTrip)
            {
                data["redis"] = $"up, {roundTrip.TotalMilliseconds:0.#} ms";
                return null;
            }

            data["redis"] = "connecting";
            return "still connecting";
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            data["redis"] = "down";
            return ex is TimeoutException ? "no answer in time" : "not connected";
        }
    }
}
