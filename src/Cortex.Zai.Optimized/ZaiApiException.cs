using System.Net;

namespace Cortex.Zai.Optimized;

/// <summary>
/// Z.AI answered with an error. <see cref="BusinessCode"/> is Z.AI's own code from the body (<c>1302</c> too many
/// concurrent requests, <c>1113</c> no balance, <c>1301</c> unsafe content, ...). The message never contains the API key.
/// </summary>
public sealed class ZaiApiException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ZaiApiException"/> class.</summary>
    public ZaiApiException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ZaiApiException"/> class.</summary>
    /// <param name="message">What failed.</param>
    public ZaiApiException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ZaiApiException"/> class.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public ZaiApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ZaiApiException"/> class.</summary>
    /// <param name="message">What failed and what to do.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="businessCode">Z.AI's business code, when the body carried one.</param>
    /// <param name="retryAfter">The <c>Retry-After</c> delay, when the response carried one.</param>
    public ZaiApiException(string message, HttpStatusCode statusCode, string? businessCode, TimeSpan? retryAfter)
        : base(message)
    {
        StatusCode = statusCode;
        BusinessCode = businessCode;
        RetryAfter = retryAfter;
    }

    /// <summary>Gets the HTTP status of the answer.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Gets Z.AI's business code, such as <c>1302</c>; <see langword="null"/> when the body had none.</summary>
    public string? BusinessCode { get; }

    /// <summary>Gets the delay the server asked for before a retry (<c>Retry-After</c> in seconds, or an HTTP date less the time it arrived).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// Gets a value indicating whether the error is transient, so a retry may succeed: 1302, 1303, 1305, 5xx, 408, a 429
    /// without a business code (a gateway's), and any 429 that carries <c>Retry-After</c> (the server says when a retry
    /// may succeed). Permanent ones (1113, 1301, 1304, 1308, 1309, 121x, 401) are not retried otherwise.
    /// </summary>
    public bool IsTransient => BusinessCode is "1302" or "1303" or "1305"
        || (BusinessCode is null or "" && (StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)StatusCode >= 500))
        || (BusinessCode is not null && (int)StatusCode >= 500)
        || (StatusCode == HttpStatusCode.TooManyRequests && RetryAfter is not null);
}
