namespace Cortex.LoadTesting;

/// <summary>
/// The connection settings of the <c>http</c> step's client (its <see cref="SocketsHttpHandler"/>), under the
/// <c>http</c> key of the <c>loadTesting</c> section. They are read once, when the step's handler is first built.
/// </summary>
public sealed class HttpStepClientOptions
{
    /// <summary>The largest <see cref="MaxConnectionsPerServer"/> accepted.</summary>
    public const int MaxConnectionsPerServerLimit = 100_000;

    /// <summary>The longest <see cref="ConnectTimeout"/> accepted.</summary>
    public static readonly TimeSpan ConnectTimeoutLimit = TimeSpan.FromMinutes(5);

    /// <summary>The largest <see cref="MaxAutomaticRedirections"/> accepted.</summary>
    public const int MaxAutomaticRedirectionsLimit = 100;

    /// <summary>
    /// Gets or sets the most connections the step opens to one server (scheme, host and port); requests beyond it wait
    /// for a free connection, and that wait is part of their measured latency. Between 1 and
    /// <see cref="MaxConnectionsPerServerLimit"/>; raise it when a test runs more virtual users against one server.
    /// </summary>
    /// <value>The default is 10000.</value>
    public int MaxConnectionsPerServer { get; set; } = 10_000;

    /// <summary>
    /// Gets or sets how long the step waits for a new connection (TCP and TLS) before the request fails. In
    /// configuration a TimeSpan string (<c>"00:00:05"</c>) or a number of milliseconds (<c>5000</c>); greater than zero
    /// and at most <see cref="ConnectTimeoutLimit"/>. The step's <c>timeout</c> still bounds the whole request.
    /// </summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets whether the step follows redirects; when <see langword="false"/> a 3xx response is the step's response.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool AllowAutoRedirect { get; set; } = true;

    /// <summary>
    /// Gets or sets the most redirects one request follows when <see cref="AllowAutoRedirect"/> is on; between 1 and
    /// <see cref="MaxAutomaticRedirectionsLimit"/>.
    /// </summary>
    /// <value>The default is 50.</value>
    public int MaxAutomaticRedirections { get; set; } = 50;
}
