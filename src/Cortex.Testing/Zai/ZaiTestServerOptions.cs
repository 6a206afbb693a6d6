namespace Cortex.Testing.Zai;

/// <summary>
/// Configures a <see cref="ZaiTestServer"/>. The server copies these values when it starts; changing them afterwards
/// has no effect (use <see cref="ZaiTestServer.Faults"/> to change behaviour while it runs).
/// </summary>
public sealed class ZaiTestServerOptions
{
    /// <summary>Gets or sets the one bearer token the server accepts in <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    /// <value>The default is <c>test-key</c>.</value>
    public string ApiKey { get; set; } = "test-key";

    /// <summary>
    /// Gets or sets the loopback port to listen on. Zero lets the operating system pick a free one, which is what
    /// parallel tests want; read the chosen one from <see cref="ZaiTestServer.BaseUri"/>.
    /// </summary>
    /// <value>The default is 0.</value>
    public int Port { get; set; }

    /// <summary>
    /// Gets or sets the length of the embeddings the server returns when a request does not name
    /// <c>dimensions</c>. 256 is the smallest size Z.AI's <c>embedding-3</c> offers, and keeps tests and vector stores fast.
    /// </summary>
    /// <value>The default is 256. Valid values are 1 to 8192.</value>
    public int EmbeddingDimension { get; set; } = 256;

    /// <summary>
    /// Gets or sets how many generated words an answer has before it echoes the last user message. The server counts one
    /// word as one token, so this also drives <c>usage.completion_tokens</c>.
    /// </summary>
    /// <value>The default is 8. Valid values are 1 to 4096.</value>
    public int CompletionTokens { get; set; } = 8;

    /// <summary>
    /// Gets or sets how many words each streamed <c>delta</c> carries. An answer of <c>n</c> words thus arrives in
    /// <c>ceil(n / StreamChunkTokens)</c> content chunks, followed by one last chunk with <c>finish_reason</c> and <c>usage</c>.
    /// </summary>
    /// <value>The default is 2. Valid values are 1 to 4096.</value>
    public int StreamChunkTokens { get; set; } = 2;

    /// <summary>
    /// Gets or sets how many received requests <see cref="ZaiTestServer.Requests"/> keeps for
    /// <see cref="ZaiRequestLog.Last(int)"/>. Counters are kept for every request regardless; the cap only bounds memory
    /// under load tests.
    /// </summary>
    /// <value>The default is 1024. Zero keeps no request bodies at all.</value>
    public int RequestLogCapacity { get; set; } = 1024;

    /// <summary>
    /// Gets or sets the clock behind injected latency, <c>created</c> timestamps and response ids. Tests pass a
    /// <c>FakeTimeProvider</c> so latency faults need no real waiting.
    /// </summary>
    /// <value>The default is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal ZaiTestServerOptions Validated()
    {
        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            throw new ArgumentException($"{nameof(ZaiTestServerOptions)}.{nameof(ApiKey)} must not be empty; set the bearer token clients will send.", nameof(ApiKey));
        }

        RequireRange(Port, 0, 65535, nameof(Port));
        RequireRange(EmbeddingDimension, 1, 8192, nameof(EmbeddingDimension));
        RequireRange(CompletionTokens, 1, 4096, nameof(CompletionTokens));
        RequireRange(StreamChunkTokens, 1, 4096, nameof(StreamChunkTokens));
        RequireRange(RequestLogCapacity, 0, 1_000_000, nameof(RequestLogCapacity));
        if (TimeProvider is null)
        {
            throw new ArgumentException($"{nameof(ZaiTestServerOptions)}.{nameof(TimeProvider)} must not be null; use TimeProvider.System for the real clock.", nameof(TimeProvider));
        }

        // A copy, so a caller that keeps mutating its options object cannot change a running server.
        return (ZaiTestServerOptions)MemberwiseClone();
    }

    private static void RequireRange(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{nameof(ZaiTestServerOptions)}.{name} is {value}; it must be between {min} and {max}.");
        }
    }
}
