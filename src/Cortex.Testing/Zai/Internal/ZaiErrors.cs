using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Cortex.Testing.Zai.Internal;

/// <summary>
/// Z.AI's business error codes and the bodies it sends with them: <c>{"error":{"code":"1302","message":"..."}}</c>,
/// the code a string. Messages follow the wording of Z.AI's error-code table so clients that log them look familiar.
/// </summary>
internal static class ZaiErrors
{
    public const string AuthenticationFailed = "1000";
    public const string MissingAuthentication = "1001";
    public const string InvalidParameters = "1210";
    public const string MissingParameter = "1213";
    public const string InvalidParameter = "1214";
    public const string ApiNotFound = "1222";
    public const string TooManyConcurrentRequests = "1302";

    private static readonly Dictionary<string, string> Messages = new(StringComparer.Ordinal)
    {
        ["500"] = "Internal error.",
        ["503"] = "Service temporarily unavailable, please retry later.",
        [AuthenticationFailed] = "Authentication failed: the API key is not valid.",
        [MissingAuthentication] = "Authentication parameter not received in the header; send Authorization: Bearer <API key>.",
        ["1002"] = "Invalid authentication token; check that it is passed correctly.",
        ["1003"] = "Authentication token expired; generate a new one.",
        ["1113"] = "Insufficient balance or no resource package. Please recharge.",
        [InvalidParameters] = "Invalid API parameter, please check the documentation.",
        ["1211"] = "Model does not exist, please check the model code.",
        [MissingParameter] = "A required parameter was not received.",
        [InvalidParameter] = "A parameter is invalid, please check the documentation.",
        ["1215"] = "Two parameters cannot be set at the same time.",
        [ApiNotFound] = "API does not exist.",
        ["1261"] = "Prompt too long.",
        ["1301"] = "The system detected potentially unsafe or sensitive content in the input or the generation.",
        [TooManyConcurrentRequests] = "High concurrency usage of this API, please reduce concurrency or contact customer service to increase the limit.",
        ["1303"] = "High frequency usage of this API, please reduce frequency or contact customer service to increase the limit.",
        ["1304"] = "The daily call limit of this API has been reached.",
        ["1305"] = "The API has triggered rate limiting, please retry later.",
        ["1308"] = "Usage limit reached; the limit resets later.",
        ["1309"] = "Your plan has expired.",
        ["1312"] = "The model is under heavy load, please retry later or switch models.",
    };

    public static string MessageFor(string code) =>
        Messages.TryGetValue(code, out var message) ? message : "Injected fault.";

    public static Task WriteAsync(HttpResponse response, int statusCode, string code, string? message, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        response.StatusCode = statusCode;
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = Seconds(wait).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        response.ContentType = "application/json; charset=utf-8";
        return response.Body.WriteAsync(Body(code, message ?? MessageFor(code)), cancellationToken).AsTask();
    }

    /// <summary>What a gateway or proxy sends: the status and an HTML page, no Z.AI body, no business code.</summary>
    public static Task WriteGatewayAsync(HttpResponse response, ScheduledFailure failure, DateTimeOffset now, CancellationToken cancellationToken)
    {
        response.StatusCode = failure.StatusCode;
        if (failure.RetryAfter is { } wait)
        {
            response.Headers.RetryAfter = failure.RetryAfterAsHttpDate
                ? CeilingToSecond(now + wait).ToString("R", System.Globalization.CultureInfo.InvariantCulture)
                : Seconds(wait).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var status = failure.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.ContentType = "text/html";
        return response.WriteAsync($"<html><head><title>{status}</title></head><body><h1>{status}</h1><p>gateway</p></body></html>", cancellationToken);
    }

    // Retry-After speaks whole seconds; rounding up keeps a client from retrying before the server said it may.
    private static long Seconds(TimeSpan wait) => (long)Math.Ceiling(wait.TotalSeconds);

    // An HTTP date has whole seconds; rounding up, for the same reason.
    private static DateTimeOffset CeilingToSecond(DateTimeOffset time)
    {
        var rest = time.UtcTicks % TimeSpan.TicksPerSecond;
        return rest == 0 ? time : time.AddTicks(TimeSpan.TicksPerSecond - rest);
    }

    public static byte[] Body(string code, string message) => JsonBytes.Object(json =>
    {
        json.WriteStartObject("error");
        json.WriteString("code", code);
        json.WriteString("message", message);
        json.WriteEndObject();
    });
}
