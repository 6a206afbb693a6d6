namespace Cortex.Qdrant.Pooling;

/// <summary>
/// Options for <see cref="QdrantPooledClient"/>. Bound from the <c>qdrant:pool</c> configuration section by
/// <c>AddCortexQdrantPooling(configuration)</c>; nodes also come from <c>QDRANT_URL</c>, <c>QDRANT_API_KEY</c> and
/// <c>QDRANT_ADDITIONAL_NODES</c>. Checked when the pool starts: a wrong value fails naming the field and the value.
/// </summary>
public sealed class QdrantPoolOptions
{
    /// <summary>Gets the nodes of the cluster.</summary>
    /// <value>The default is empty: nodes come from <c>QDRANT_URL</c> and <c>QDRANT_ADDITIONAL_NODES</c>.</value>
    public IList<QdrantNode> Nodes { get; } = new List<QdrantNode>();

    /// <summary>Gets or sets the most connections (HTTP/2 connections, each a gRPC channel) opened to one node.</summary>
    /// <value>The default is 20.</value>
    public int MaxConnections { get; set; } = 20;

    /// <summary>Gets or sets the connections opened to each node at start and kept open while idle.</summary>
    /// <value>The default is 5.</value>
    public int MinConnections { get; set; } = 5;

    /// <summary>Gets or sets the concurrent requests one connection carries before the pool opens another (HTTP/2 streams).</summary>
    /// <value>The default is 100, the usual HTTP/2 <c>SETTINGS_MAX_CONCURRENT_STREAMS</c>.</value>
    public int MaxConcurrentStreamsPerConnection { get; set; } = 100;

    /// <summary>Gets or sets how long opening a connection may take.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan ConnectionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long a request may take, queueing and retries included, unless <see cref="QdrantRequestOptions.Timeout"/> says otherwise.</summary>
    /// <value>The default is 60 seconds.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how many times a failed request is retried.</summary>
    /// <value>The default is 3.</value>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Gets or sets the delay before the first retry; later ones grow by <see cref="BackoffMultiplier"/>, with jitter.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest delay between two retries.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the factor by which the retry delay grows after each attempt.</summary>
    /// <value>The default is 2.</value>
    public double BackoffMultiplier { get; set; } = 2;

    /// <summary>Gets or sets the interval between two health checks (<c>qdrant.Qdrant/HealthCheck</c>) of every node.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many health checks in a row must fail before a node is marked down.</summary>
    /// <value>The default is 2. One success marks it up again.</value>
    public int HealthCheckFailureThreshold { get; set; } = 2;

    /// <summary>Gets or sets a value indicating whether each node has a circuit breaker.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EnableCircuitBreaker { get; set; } = true;

    /// <summary>
    /// Gets or sets how many requests a node must have had within <see cref="CircuitBreakerSamplingDuration"/> before its
    /// circuit can open; it opens when at least <see cref="CircuitBreakerFailureRatio"/> of them failed. A node that fails
    /// every request opens after exactly this many failures; one that fails after a busy healthy spell opens once failures
    /// dominate the window (Polly's ratio-based breaker, which does not trip on a short burst amid heavy success).
    /// </summary>
    /// <value>The default is 10.</value>
    public int CircuitBreakerThreshold { get; set; } = 10;

    /// <summary>Gets or sets the share of failed requests, within the sampling window, that opens a node's circuit.</summary>
    /// <value>The default is 0.5.</value>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets the window over which failures are counted for the circuit breaker.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long an open circuit fails fast before it lets one probe request through (half-open).</summary>
    /// <value>The default is 60 seconds.</value>
    public TimeSpan CircuitBreakerTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets a value indicating whether requests wait for a connection when every connection is at capacity, rather than fail at once.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EnableRequestQueue { get; set; } = true;

    /// <summary>Gets or sets how many requests may wait; beyond it a request fails at once with <see cref="QdrantQueueFullException"/>.</summary>
    /// <value>The default is 500.</value>
    public int MaxQueueSize { get; set; } = 500;

    /// <summary>Gets or sets a value indicating whether the pool records metrics (meter <c>Cortex.Qdrant.Pooling</c>) and latency statistics.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EnableMetrics { get; set; } = true;

    /// <summary>Gets or sets how the pool picks a node.</summary>
    /// <value>The default is <see cref="LoadBalancingStrategy.WeightedRoundRobin"/>.</value>
    public LoadBalancingStrategy LoadBalancing { get; set; } = LoadBalancingStrategy.WeightedRoundRobin;

    /// <summary>Gets or sets the idle time after which an HTTP/2 keepalive ping is sent, so proxies do not reset quiet connections.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long a keepalive ping may go unanswered before the connection is closed.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long a connection beyond <see cref="MinConnections"/> may stay unused before it is closed.</summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan ConnectionIdleTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
