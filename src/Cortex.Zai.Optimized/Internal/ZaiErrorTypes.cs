using System.Net;

namespace Cortex.Zai.Optimized.Internal;

/// <summary>
/// The values of <c>error.type</c> on the client's metrics and spans: a fixed set, so a server that invents codes
/// cannot grow a metric's series. Z.AI's business codes are grouped by what a user does about them; the exact code stays
/// in <see cref="ZaiApiException.BusinessCode"/> and in <see cref="Statistics.ZaiStatistics.ErrorsByCode"/>.
/// </summary>
internal static class ZaiErrorTypes
{
    /// <summary>Every value <see cref="Of"/> returns.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "authentication", "permission_denied", "insufficient_balance", "quota_exceeded", "content_filter", "invalid_request",
        "not_found", "rate_limited", "overloaded", "server_error", "http_error", "rate_limited_locally", "timeout",
        "circuit_open", "stream_interrupted", "connection", "cancelled", "_OTHER",
    ];

    public static string Of(Exception exception) => exception switch
    {
        ZaiApiException api => OfApi(api.StatusCode, api.BusinessCode),
        ZaiRateLimitExceededException => "rate_limited_locally",
        Polly.Timeout.TimeoutRejectedException => "timeout",
        Polly.CircuitBreaker.BrokenCircuitException => "circuit_open",
        ZaiStreamInterruptedException => "stream_interrupted",
        HttpRequestException or IOException => "connection",
        OperationCanceledException => "cancelled",
        _ => "_OTHER",
    };

    private static string OfApi(HttpStatusCode status, string? code) => code switch
    {
        "1000" or "1001" or "1002" or "1003" or "1004" => "authentication",
        "1113" => "insufficient_balance",
        "1304" or "1308" or "1309" => "quota_exceeded",
        "1301" => "content_filter",
        "1302" or "1303" => "rate_limited",
        "1305" => "overloaded",
        ['1', '2', _, _] => "invalid_request",
        _ => (int)status switch
        {
            401 => "authentication",
            403 => "permission_denied",
            404 => "not_found",
            408 => "timeout",
            429 => "rate_limited",
            >= 500 => "server_error",
            >= 400 => "invalid_request",
            _ => "http_error",
        },
    };
}
