namespace Cortex.Testing.Zai;

/// <summary>
/// One request as a <see cref="ZaiTestServer"/> received it, for asserting what a client sent. The
/// <c>Authorization</c> header is never kept, and any other header value that contains the API key is redacted.
/// </summary>
public sealed class ZaiRecordedRequest
{
    internal ZaiRecordedRequest(string method, string path, IReadOnlyDictionary<string, string> headers, string body, string bodyHash, DateTimeOffset receivedAt)
    {
        Method = method;
        Path = path;
        Headers = headers;
        Body = body;
        BodyHash = bodyHash;
        ReceivedAt = receivedAt;
    }

    /// <summary>Gets the HTTP method, such as <c>POST</c>.</summary>
    public string Method { get; }

    /// <summary>Gets the full request path without the query, such as <c>/api/paas/v4/chat/completions</c>.</summary>
    public string Path { get; }

    /// <summary>
    /// Gets the request headers as the client sent them (before the server decompressed the body, so
    /// <c>Content-Encoding</c> is still there), keyed case-insensitively, repeated values joined with <c>", "</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Gets the request body as UTF-8 text, after gzip, Brotli or deflate decompression.</summary>
    public string Body { get; }

    /// <summary>
    /// Gets the lowercase hex SHA-256 of the body in canonical form (see <see cref="ZaiRequestLog.HashBody(string)"/>);
    /// the key of <see cref="ZaiRequestLog.CountForBodyHash(string)"/>.
    /// </summary>
    public string BodyHash { get; }

    /// <summary>Gets when the server received the request, by the server's <see cref="ZaiTestServerOptions.TimeProvider"/>.</summary>
    public DateTimeOffset ReceivedAt { get; }
}
